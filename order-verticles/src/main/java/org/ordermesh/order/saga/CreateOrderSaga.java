package org.ordermesh.order.saga;

import io.vertx.core.Future;
import org.ordermesh.order.OrderConfig;
import org.ordermesh.order.api.CancelReason;

import java.util.ArrayList;
import java.util.List;

import static org.ordermesh.order.saga.SagaStep.Retry.UNTIL_DEADLINE;
import static org.ordermesh.order.saga.SagaStep.Retry.attempts;

/**
 * The order saga as its step table. Before the pivot a refusal (or a participant given up on) undoes
 * the steps done so far, in reverse; the pivot confirms the order; after it, the remaining steps are
 * retried until they succeed and are never undone. {@link SagaDecider} reads the table,
 * {@link SagaOrchestratorVerticle} runs it. Progress is stored by step name, so a row added here (or an
 * extension step, {@link SagaExtension}) does not shift the sagas in flight.
 */
public final class CreateOrderSaga {

  private CreateOrderSaga() {
  }

  /** The table of this node's settings: the built-in steps with the declared extension steps. */
  public static SagaTable table(OrderConfig config) {
    return table(config.paymentAttempts(), config.sagaExtensions());
  }

  /** The built-in table; {@code paymentAttempts} is the authorization's retry column ({@code ORDERMESH_PAYMENT_ATTEMPTS}). */
  public static SagaTable table(int paymentAttempts) {
    return table(paymentAttempts, List.of());
  }

  /** The built-in table with each extension step in the row before the built-in step it names. */
  public static SagaTable table(int paymentAttempts, List<SagaExtension> extensions) {
    var builtIn = List.of(
      SagaStep.compensatable("reserve-stock", Participants::reserveStock,
        "release-stock", Participants::releaseStock, UNTIL_DEADLINE, CancelReason.TIMEOUT),
      SagaStep.compensatable("authorize-payment", Participants::authorizePayment,
        "void-payment", Participants::voidPayment, attempts(paymentAttempts), CancelReason.PAYMENT_UNAVAILABLE),
      SagaStep.pivot("confirm-order"),
      SagaStep.completing("commit-stock", Participants::commitStock),
      SagaStep.completing("capture-payment", Participants::capturePayment));
    var beforePivot = builtIn.stream().takeWhile(step -> !step.isPivot()).map(SagaStep::name).toList();
    var taken = new ArrayList<String>();
    builtIn.forEach(step -> {
      taken.add(step.name());
      if (step.compensationName() != null) {
        taken.add(step.compensationName());
      }
    });
    for (var extension : extensions) {
      if (!beforePivot.contains(extension.before())) {
        throw SagaExtension.invalid("step '" + extension.name() + "': 'before' must be one of " + beforePivot
          + " (extension steps run before the pivot), got '" + extension.before() + "'");
      }
      if (taken.contains(extension.name()) || taken.contains(undoName(extension))) {
        throw SagaExtension.invalid("step '" + extension.name() + "' takes the name of a step already in the saga");
      }
      taken.add(extension.name());
      taken.add(undoName(extension));
    }
    var rows = new ArrayList<SagaStep>();
    for (var step : builtIn) {
      extensions.stream().filter(extension -> extension.before().equals(step.name())).map(CreateOrderSaga::row)
        .forEach(rows::add);
      rows.add(step);
    }
    return new SagaTable(rows.toArray(SagaStep[]::new));
  }

  // a step with nothing to undo still has an undo row: a no-op, so turning back walks past it
  private static SagaStep row(SagaExtension extension) {
    return SagaStep.compensatable(extension.name(),
      (participants, order, attempt) -> participants.extension(extension, order, attempt),
      undoName(extension),
      extension.compensation() == null
        ? (participants, order, attempt) -> Future.succeededFuture(new StepResult.Done(attempt))
        : (participants, order, attempt) -> participants.compensateExtension(extension, order, attempt),
      attempts(extension.attempts()), CancelReason.TIMEOUT);
  }

  /** The undoing step's name in the timeline: the step's name and its compensation action. */
  static String undoName(SagaExtension extension) {
    return extension.name() + "-" + (extension.compensation() == null ? "undo" : extension.compensation());
  }
}
