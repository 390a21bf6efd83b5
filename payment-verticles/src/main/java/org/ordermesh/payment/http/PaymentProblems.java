package org.ordermesh.payment.http;

import org.ordermesh.payment.payment.PaymentFailure;
import org.ordermesh.platform.http.ApiException;

/** The one place that turns a refused payment command into a problem+json answer. */
public final class PaymentProblems {

  private static final long RETRY_AFTER_SECONDS = 5;

  private PaymentProblems() {
  }

  public static Throwable toProblem(Throwable failure) {
    if (!(failure instanceof PaymentFailure refused)) {
      return failure;
    }
    return switch (refused.code()) {
      case INVALID_MESSAGE -> ApiException.badRequest(refused.getMessage());
      case FORBIDDEN -> ApiException.forbidden(refused.getMessage());
      case UNKNOWN_PAYMENT -> ApiException.notFound(refused.getMessage());
      // an authorize-only refusal; refunds never meet it
      case INVALID_STATE, ALREADY_COMPENSATED -> ApiException.conflict(refused.getMessage()).withType("invalid-payment-state");
      case REFUND_EXCEEDS_CAPTURE -> ApiException.unprocessable(refused.getMessage()).withType("refund-exceeds-capture");
      case REFUND_ID_REUSED -> ApiException.unprocessable(refused.getMessage()).withType("idempotency-key-reused");
      case PAYMENT_UNAVAILABLE -> ApiException.unavailable(RETRY_AFTER_SECONDS).withDetail(refused.getMessage());
    };
  }
}
