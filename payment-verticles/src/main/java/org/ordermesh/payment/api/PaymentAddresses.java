package org.ordermesh.payment.api;

/** Where the payment service listens, and the message version it speaks. */
public final class PaymentAddresses {

  /** Request/reply: {@code authorize}, {@code capture}, {@code void}, {@code refund}; also its discovery name. */
  public static final String PAYMENTS = "payment.payments";
  /** The scope a service token needs for every {@link #PAYMENTS} command (header {@code authorization: Bearer <token>}). */
  public static final String SCOPE = "payment.payments";

  public static final int VERSION = 1;

  private PaymentAddresses() {
  }
}
