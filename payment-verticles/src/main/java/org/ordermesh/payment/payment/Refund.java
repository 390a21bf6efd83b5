package org.ordermesh.payment.payment;

import java.time.Instant;

/** A refund paid out; {@code refundedAfterMinor} is the payment's refunded total once it was, for replies. */
public record Refund(String refundId, long amountMinor, long refundedAfterMinor, Instant at) {
}
