package org.ordermesh.order.saga;

import org.ordermesh.order.api.CancelReason;

import java.util.List;

/**
 * The order saga as its step table. Before the pivot a refusal (or a participant unavailable for too
 * long) undoes the steps done so far, in reverse; after it, the remaining steps are retried until they
 * succeed and are never undone. {@link SagaOrchestratorVerticle} runs the table.
 */
public final class CreateOrderSaga {

  public static final List<SagaStep> STEPS = List.of(
    SagaStep.compensatable("reserve-stock", Participants::reserveStock,
      "release-stock", Participants::releaseStock, CancelReason.TIMEOUT),
    SagaStep.compensatable("authorize-payment", Participants::authorizePayment,
      "void-payment", Participants::voidPayment, CancelReason.PAYMENT_UNAVAILABLE),
    SagaStep.pivot("confirm-order"),
    SagaStep.retriedUntilDone("commit-stock", Participants::commitStock),
    SagaStep.retriedUntilDone("capture-payment", Participants::capturePayment));

  public static final int PIVOT = 2;

  private CreateOrderSaga() {
  }
}
