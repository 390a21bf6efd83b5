package org.ordermesh.order.saga;

import org.ordermesh.order.api.CancelReason;

import static org.ordermesh.order.saga.SagaStep.Retry.UNTIL_DEADLINE;
import static org.ordermesh.order.saga.SagaStep.Retry.attempts;

/**
 * The order saga as its step table. Before the pivot a refusal (or a participant given up on) undoes
 * the steps done so far, in reverse; the pivot confirms the order; after it, the remaining steps are
 * retried until they succeed and are never undone. {@link SagaDecider} reads the table,
 * {@link SagaOrchestratorVerticle} runs it. Progress is stored by step name, so a row added here does
 * not shift the sagas in flight.
 */
public final class CreateOrderSaga {

  private CreateOrderSaga() {
  }

  /** The table; {@code paymentAttempts} is the authorization's retry column ({@code ORDERMESH_PAYMENT_ATTEMPTS}). */
  public static SagaTable table(int paymentAttempts) {
    return new SagaTable(
      SagaStep.compensatable("reserve-stock", Participants::reserveStock,
        "release-stock", Participants::releaseStock, UNTIL_DEADLINE, CancelReason.TIMEOUT),
      SagaStep.compensatable("authorize-payment", Participants::authorizePayment,
        "void-payment", Participants::voidPayment, attempts(paymentAttempts), CancelReason.PAYMENT_UNAVAILABLE),
      SagaStep.pivot("confirm-order"),
      SagaStep.completing("commit-stock", Participants::commitStock),
      SagaStep.completing("capture-payment", Participants::capturePayment));
  }
}
