package org.ordermesh.payment.payment;

import org.ordermesh.payment.api.PaymentStatus;

import java.time.Instant;

/** One thing that happened to a payment (past tense), the status it left, and the provider's word on it. */
public record HistoryEntry(String event, PaymentStatus status, Instant at, String detail) {
}
