package org.ordermesh.order.saga;

import org.ordermesh.order.api.CancelReason;

/** What a saga does next, as {@link SagaDecider} decides it. */
public sealed interface SagaMove {

  /** Run a participant call: the step, or its undoing when {@code undo}. */
  record Call(SagaStep step, boolean undo, int attempt) implements SagaMove {
  }

  /** Call the same step again, as attempt {@code attempt}, after a back-off. */
  record RetryLater(int attempt) implements SagaMove {
  }

  /** A reply of another attempt than the one asked: it moves nothing; the step is asked again as {@code attempt}. */
  record Ignore(int attempt, String why) implements SagaMove {
  }

  /** The step (or its undoing) is done: record it and go on in the current direction. */
  record Advance(String step, String outcome) implements SagaMove {
  }

  /** The pivot: the order becomes CONFIRMED. */
  record Confirm(SagaStep pivot) implements SagaMove {
  }

  /**
   * Turn back: undo, in reverse, every step from {@code from} down ({@code from} null: nothing to undo);
   * {@code outcome} records the step that made the saga turn (null when none ran).
   */
  record Compensate(CancelReason reason, String from, String step, String outcome, String detail) implements SagaMove {
  }

  /** Everything is undone: the order is CANCELLED for {@code reason}. */
  record Cancel(CancelReason reason) implements SagaMove {
  }

  /** A step after the pivot was refused: flag the order for an operator and go on with the steps after it. */
  record Flag(String step, String reason) implements SagaMove {
  }

  /** An operator's retry of the flagged step went through: the flag is cleared. */
  record Resolve(String step) implements SagaMove {
  }

  /** Every step is done: the saga ends. */
  record Finish() implements SagaMove {
  }

  /** The saga ended already: nothing to do. */
  record Rest() implements SagaMove {
  }
}
