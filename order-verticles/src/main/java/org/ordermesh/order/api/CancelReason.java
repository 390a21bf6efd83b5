package org.ordermesh.order.api;

/** Why an order was cancelled. */
public enum CancelReason {
  OUT_OF_STOCK, PAYMENT_DECLINED, PAYMENT_UNAVAILABLE, CUSTOMER_CANCELLED, TIMEOUT
}
