package org.ordermesh.payment.payment;

/**
 * A provider call the payment has started and not yet recorded the outcome of. Its key is the
 * idempotency key sent to the provider, one per (orderId, operation), so whoever finishes it (the caller
 * that started it, a retry, the next command on the payment) asks the provider the same question again.
 */
public record PendingOperation(Operation operation, String key, long amountMinor, String refundId) {

  public enum Operation { AUTHORIZE, CAPTURE, VOID, REFUND }

  static PendingOperation authorize(String orderId, long amountMinor) {
    return new PendingOperation(Operation.AUTHORIZE, authorizationKey(orderId), amountMinor, null);
  }

  static PendingOperation capture(String orderId, long amountMinor) {
    return new PendingOperation(Operation.CAPTURE, orderId + ":capture", amountMinor, null);
  }

  static PendingOperation voiding(String orderId) {
    return new PendingOperation(Operation.VOID, orderId + ":void", 0, null);
  }

  static PendingOperation refund(String orderId, long amountMinor, String refundId) {
    return new PendingOperation(Operation.REFUND, orderId + ":refund:" + refundId, amountMinor, refundId);
  }

  /**
   * Whether the call is stored before it is made. A capture is not: only the saga captures, after its pivot,
   * and it repeats the capture until one is recorded, so a capture whose outcome was lost is asked again by
   * the same key. The others are: a void may have to learn the outcome of an authorize retried after a
   * failure (by asking it again), and refunds are checked against the capture one at a time. (An order's first
   * authorize is not stored ahead either: it makes the payment, see {@code Payments.authorizeFirst}.)
   */
  boolean writtenAhead() {
    return operation != Operation.CAPTURE;
  }

  /** The authorize call's key, which also names the authorization at the provider. */
  public static String authorizationKey(String orderId) {
    return orderId + ":authorize";
  }
}
