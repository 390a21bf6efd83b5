package org.ordermesh.order.saga;

import io.vertx.core.Future;
import org.ordermesh.order.api.CancelReason;
import org.ordermesh.order.order.Order;

/**
 * One row of a saga's step table: what to do, how to undo it, where it stands against the pivot, how
 * often an unavailable participant is tried, and what giving up means for the order.
 *
 * @param name             the step's name in the saga timeline and in the stored progress
 * @param kind             before the pivot (undone on the way back), the pivot itself, or after it (never undone)
 * @param action           the participant call, given the order and the attempt number
 * @param compensationName the undoing step's name, or null when nothing needs undoing
 * @param compensation     the undoing call, or null
 * @param retry            how long an unavailable participant is tried again
 * @param givingUp         the cancel reason when the retry policy gives up (before the pivot only)
 */
public record SagaStep(String name, Kind kind, Call action, String compensationName, Call compensation, Retry retry,
                       CancelReason givingUp) {

  public enum Kind { COMPENSATABLE, PIVOT, COMPLETING }

  /** A participant call for one attempt of a step. */
  @FunctionalInterface
  public interface Call {
    Future<StepResult> run(Participants participants, Order order, int attempt);
  }

  /**
   * How long a step whose participant is unavailable is tried again.
   *
   * @param maxAttempts attempts before giving up; 0 for no limit
   * @param byDeadline  whether the saga's deadline also ends the attempts (only before the pivot)
   */
  public record Retry(int maxAttempts, boolean byDeadline) {

    public static final Retry UNTIL_DEADLINE = new Retry(0, true);
    public static final Retry UNTIL_DONE = new Retry(0, false);

    public static Retry attempts(int max) {
      return new Retry(max, true);
    }

    boolean allowsAnother(int attemptsMade) {
      return maxAttempts == 0 || attemptsMade < maxAttempts;
    }
  }

  public static SagaStep compensatable(String name, Call action, String compensationName, Call compensation,
                                       Retry retry, CancelReason givingUp) {
    return new SagaStep(name, Kind.COMPENSATABLE, action, compensationName, compensation, retry, givingUp);
  }

  public static SagaStep pivot(String name) {
    return new SagaStep(name, Kind.PIVOT, null, null, null, Retry.UNTIL_DONE, null);
  }

  /** After the pivot: retried until done, never undone; a refusal flags the order for an operator. */
  public static SagaStep completing(String name, Call action) {
    return new SagaStep(name, Kind.COMPLETING, action, null, null, Retry.UNTIL_DONE, null);
  }

  boolean isPivot() {
    return kind == Kind.PIVOT;
  }

  boolean isCompensatable() {
    return kind == Kind.COMPENSATABLE;
  }
}
