package org.ordermesh.order.saga;

import io.vertx.core.Future;
import org.ordermesh.order.api.CancelReason;
import org.ordermesh.order.order.Order;

import java.util.function.BiFunction;

/**
 * One row of a saga's step table: what to do, how to undo it before the pivot, and what an
 * unavailable participant means for the order.
 *
 * @param name             the step's name in the saga timeline
 * @param kind             before the pivot, the pivot itself, or after it (retried until done, never undone)
 * @param action           the participant call
 * @param compensationName the undoing step's name, or null when nothing needs undoing
 * @param compensation     the undoing call, or null
 * @param givingUp         the cancel reason when the participant stays unavailable too long (before the pivot)
 */
public record SagaStep(String name, Kind kind, BiFunction<Participants, Order, Future<StepResult>> action,
                       String compensationName, BiFunction<Participants, Order, Future<StepResult>> compensation,
                       CancelReason givingUp) {

  public enum Kind { COMPENSATABLE, PIVOT, RETRIED_UNTIL_DONE }

  public static SagaStep compensatable(String name, BiFunction<Participants, Order, Future<StepResult>> action,
                                       String compensationName,
                                       BiFunction<Participants, Order, Future<StepResult>> compensation,
                                       CancelReason givingUp) {
    return new SagaStep(name, Kind.COMPENSATABLE, action, compensationName, compensation, givingUp);
  }

  public static SagaStep pivot(String name) {
    return new SagaStep(name, Kind.PIVOT, null, null, null, null);
  }

  public static SagaStep retriedUntilDone(String name, BiFunction<Participants, Order, Future<StepResult>> action) {
    return new SagaStep(name, Kind.RETRIED_UNTIL_DONE, action, null, null, null);
  }
}
