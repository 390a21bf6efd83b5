package org.ordermesh.payment.api;

/**
 * A payment's states. {@code PENDING} means an authorization was sent and its outcome is not known yet
 * (in flight, or the provider timed out): a retried {@code authorize} asks the provider again by the
 * same idempotency key.
 */
public enum PaymentStatus {
  PENDING,
  AUTHORIZED,
  DECLINED,
  /** The provider answered the authorization with an error: nothing is held, a retried authorize tries again. */
  FAILED,
  CAPTURED,
  VOIDED,
  PARTIALLY_REFUNDED,
  REFUNDED
}
