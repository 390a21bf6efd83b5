package org.ordermesh.payment.api;

/**
 * The field names of {@code payment.payments} messages and replies and of {@code payment.events.v1} event data,
 * for peers that read them without the records.
 */
public final class PaymentFields {

  public static final String VERSION = "v";
  public static final String ACTION = "action";
  public static final String ORDER_ID = "orderId";
  /** The saga's attempt number of the step, an integer >= 1 (absent means 1); every reply echoes it. */
  public static final String ATTEMPT = "attempt";
  public static final String CUSTOMER_ID = "customerId";
  public static final String AMOUNT_MINOR = "amountMinor";
  public static final String CURRENCY = "currency";
  public static final String PAYMENT_METHOD = "paymentMethod";
  public static final String REFUND_ID = "refundId";
  public static final String PAYMENT_ID = "paymentId";
  public static final String STATUS = "status";
  /** The total refunded of the capture once a refund was made (refund replies, PaymentRefunded events). */
  public static final String REFUNDED_MINOR = "refundedMinor";

  private PaymentFields() {
  }
}
