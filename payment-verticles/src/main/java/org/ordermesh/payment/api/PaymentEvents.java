package org.ordermesh.payment.api;

/**
 * The payment service's domain events, one per provider outcome, as other services read them. Each carries
 * {paymentId, orderId, customerId, amountMinor, currency, status}; PaymentRefunded also refundedMinor, the
 * total refunded so far. docs/events.md has examples.
 */
public final class PaymentEvents {

  /** Keyed by order id (a payment's aggregate id). */
  public static final String TOPIC = "payment.events.v1";
  public static final String SOURCE = "/ordermesh/payment";

  public static final String AUTHORIZED = "org.ordermesh.payment.PaymentAuthorized.v1";
  public static final String DECLINED = "org.ordermesh.payment.PaymentDeclined.v1";
  public static final String CAPTURED = "org.ordermesh.payment.PaymentCaptured.v1";
  public static final String VOIDED = "org.ordermesh.payment.PaymentVoided.v1";
  public static final String REFUNDED = "org.ordermesh.payment.PaymentRefunded.v1";
  /** The provider could not authorize; nothing is held and a later authorize tries again. */
  public static final String FAILED = "org.ordermesh.payment.PaymentFailed.v1";

  private PaymentEvents() {
  }
}
