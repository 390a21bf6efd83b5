package org.ordermesh.payment.api;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

import java.util.Arrays;
import java.util.Optional;

/**
 * Why {@code payment.payments} refused a command: the reply fails with {@code (status(), name())}.
 * A decline is not an error: it is an {@code authorize} reply with status {@code DECLINED}.
 */
public enum PaymentErrorCode {
  INVALID_MESSAGE(400),
  /** A command without a service token holding scope {@code payment.payments}; nothing changed. */
  FORBIDDEN(403),
  UNKNOWN_PAYMENT(404),
  /** The payment's state does not allow the command, e.g. a capture after a void. */
  INVALID_STATE(409),
  /**
   * An authorize for an order whose payment was voided before any authorization was made (a void that
   * arrived first leaves a tombstone): nothing is held.
   */
  ALREADY_COMPENSATED(409),
  REFUND_EXCEEDS_CAPTURE(422),
  /** A refundId already used for a refund of another amount. */
  REFUND_ID_REUSED(422),
  /** The card provider is down, timed out or its breaker is open: retry later, by the same command. */
  PAYMENT_UNAVAILABLE(503);

  private final int status;

  PaymentErrorCode(int status) {
    this.status = status;
  }

  public int status() {
    return status;
  }

  /** The code a {@code payment.payments} failure carries, if it is one of these. */
  public static Optional<PaymentErrorCode> of(Throwable failure) {
    if (!(failure instanceof ReplyException reply) || reply.failureType() != ReplyFailure.RECIPIENT_FAILURE) {
      return Optional.empty();
    }
    return named(reply.getMessage());
  }

  /** The code of this name (a failure's message on the event bus), if it is one of these. */
  public static Optional<PaymentErrorCode> named(String name) {
    return Arrays.stream(values()).filter(code -> code.name().equals(name)).findFirst();
  }
}
