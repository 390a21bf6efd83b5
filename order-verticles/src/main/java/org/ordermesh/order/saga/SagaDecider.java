package org.ordermesh.order.saga;

import org.ordermesh.order.api.CancelReason;

import java.time.Instant;

/**
 * The saga's rules as one pure function: from where the saga stands and how its last call ended, the
 * next move. It reads the step table's columns (kind, pivot, retry policy, giving-up reason); it
 * writes nothing and calls no one, so each row is a unit test ({@code SagaDeciderTest}).
 */
public final class SagaDecider {

  /**
   * What the decision depends on besides the progress.
   *
   * @param cancelRequested    the customer asked to cancel
   * @param now                the time of the decision
   * @param knowsEveryStepDone false when the run started from the stored order: a run before it may have
   *                           done steps it never wrote, so turning back undoes every step before the pivot
   */
  public record Facts(boolean cancelRequested, Instant now, boolean knowsEveryStepDone) {
  }

  /** A call made: its step, whether it was the undoing, the attempt asked, and how it ended. */
  public record Outcome(SagaStep step, boolean undo, int attempt, StepResult result) {
  }

  private final SagaTable table;

  public SagaDecider(SagaTable table) {
    this.table = table;
  }

  public SagaTable table() {
    return table;
  }

  /** The move at a step boundary: nothing is running. */
  public SagaMove decide(SagaProgress progress, Facts facts) {
    if (progress.done() && progress.retry() == null) {
      return new SagaMove.Rest();
    }
    if (progress.retry() != null) {
      var flagged = table.step(progress.retry());
      return new SagaMove.Call(flagged, false, progress.attemptsOf(flagged.name()) + 1);
    }
    if (progress.compensating()) {
      if (progress.next() == null) {
        return new SagaMove.Cancel(progress.reason());
      }
      var undoing = table.step(progress.next());
      return new SagaMove.Call(undoing, true, progress.attemptsOf(undoing.compensationName()) + 1);
    }
    if (progress.next() == null) {
      return new SagaMove.Finish();
    }
    var step = table.step(progress.next());
    if (!table.pastPivot(step.name())) {
      if (facts.cancelRequested()) {
        return turnBack(CancelReason.CUSTOMER_CANCELLED, step, false, facts, null, null);
      }
      if (facts.now().isAfter(progress.deadline())) {
        return turnBack(CancelReason.TIMEOUT, step, false, facts, null, null);
      }
    }
    if (step.isPivot()) {
      return new SagaMove.Confirm(step);
    }
    return new SagaMove.Call(step, false, progress.attemptsOf(step.name()) + 1);
  }

  /** The move after a call ended. */
  public SagaMove decide(SagaProgress progress, Facts facts, Outcome outcome) {
    var step = outcome.step();
    var result = outcome.result();
    var answered = answeredAttempt(result);
    if (answered != 0 && answered != outcome.attempt()) {
      return new SagaMove.Ignore(outcome.attempt() + 1, "a reply to attempt " + answered + " while attempt "
        + outcome.attempt() + " was asked");
    }
    if (outcome.undo()) {
      // an undo refused has nothing left to undo (never done, or undone already)
      return result instanceof StepResult.Unavailable
        ? new SagaMove.RetryLater(outcome.attempt() + 1)
        : new SagaMove.Advance(step.compensationName(), "COMPENSATED");
    }
    if (step.name().equals(progress.retry())) {
      if (result instanceof StepResult.Done) {
        return new SagaMove.Resolve(step.name());
      }
      return result instanceof StepResult.Refused refused
        ? new SagaMove.Flag(step.name(), refused.detail())
        : new SagaMove.RetryLater(outcome.attempt() + 1);
    }
    if (result instanceof StepResult.Done) {
      return new SagaMove.Advance(step.name(), "DONE");
    }
    if (result instanceof StepResult.Refused refused) {
      return step.isCompensatable()
        ? turnBack(refused.reason(), step, false, facts, "REFUSED", refused.detail())
        : new SagaMove.Flag(step.name(), refused.detail());
    }
    return keepTrying(step, outcome.attempt(), progress, facts)
      ? new SagaMove.RetryLater(outcome.attempt() + 1)
      : turnBack(step.givingUp(), step, true, facts, "GAVE_UP", ((StepResult.Unavailable) result).detail());
  }

  private static boolean keepTrying(SagaStep step, int attemptsMade, SagaProgress progress, Facts facts) {
    var retry = step.retry();
    return retry.allowsAnother(attemptsMade) && !(retry.byDeadline() && facts.now().isAfter(progress.deadline()));
  }

  /**
   * Undo from {@code step} down ({@code step} too when it may have been done: {@code inclusive}); a run
   * that started from the stored order undoes every step before the pivot, since undoing a step never
   * done is harmless (the participant leaves a tombstone and answers as undone).
   */
  private SagaMove turnBack(CancelReason reason, SagaStep step, boolean inclusive, Facts facts, String outcome,
                            String detail) {
    var from = facts.knowsEveryStepDone()
      ? table.compensatableFrom(step.name(), inclusive)
      : table.lastBeforePivot();
    return new SagaMove.Compensate(reason, from.map(SagaStep::name).orElse(null), step.name(), outcome, detail);
  }

  private static int answeredAttempt(StepResult result) {
    if (result instanceof StepResult.Done done) {
      return done.attempt();
    }
    return result instanceof StepResult.Refused refused ? refused.attempt() : 0;
  }
}
