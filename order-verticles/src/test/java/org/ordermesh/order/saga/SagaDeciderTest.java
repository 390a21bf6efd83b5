package org.ordermesh.order.saga;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.ordermesh.order.api.CancelReason;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The saga's table, row by row: where the saga stands and how its last call ended, and the move that follows. */
@DisplayName("the saga decider")
class SagaDeciderTest {

  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  private static final Instant DEADLINE = NOW.plus(Duration.ofSeconds(60));
  private static final SagaTable TABLE = CreateOrderSaga.table(3);
  private static final SagaDecider DECIDER = new SagaDecider(TABLE);
  private static final SagaStep RESERVE = TABLE.step("reserve-stock");
  private static final SagaStep AUTHORIZE = TABLE.step("authorize-payment");
  private static final SagaStep COMMIT = TABLE.step("commit-stock");
  private static final SagaStep CAPTURE = TABLE.step("capture-payment");

  private static final SagaDecider.Facts FRESH = new SagaDecider.Facts(false, NOW, true);
  private static final SagaDecider.Facts RESUMED = new SagaDecider.Facts(false, NOW, false);
  private static final SagaDecider.Facts CANCEL_ASKED = new SagaDecider.Facts(true, NOW, true);
  private static final SagaDecider.Facts LATE = new SagaDecider.Facts(false, DEADLINE.plusSeconds(1), true);

  private static SagaProgress forward(String next) {
    return new SagaProgress(next, false, null, DEADLINE, false, null, new JsonArray());
  }

  private static SagaProgress backward(String next, CancelReason reason) {
    return new SagaProgress(next, true, reason, DEADLINE, false, null, new JsonArray());
  }

  private static SagaDecider.Outcome ran(SagaStep step, int attempt, StepResult result) {
    return new SagaDecider.Outcome(step, false, attempt, result);
  }

  private static SagaDecider.Outcome undid(SagaStep step, int attempt, StepResult result) {
    return new SagaDecider.Outcome(step, true, attempt, result);
  }

  private static StepResult done(int attempt) {
    return new StepResult.Done(attempt);
  }

  private static final StepResult UNAVAILABLE = new StepResult.Unavailable("timeout");

  @Nested
  @DisplayName("forward")
  class Forward {

    @Test
    @DisplayName("a new saga calls its first step, attempt 1")
    void startsWithTheFirstStep() {
      assertThat(DECIDER.decide(forward("reserve-stock"), FRESH)).isEqualTo(new SagaMove.Call(RESERVE, false, 1));
    }

    @Test
    @DisplayName("a step done advances to the next")
    void doneAdvances() {
      assertThat(DECIDER.decide(forward("reserve-stock"), FRESH, ran(RESERVE, 1, done(1))))
        .isEqualTo(new SagaMove.Advance("reserve-stock", "DONE"));
    }

    @Test
    @DisplayName("the pivot confirms the order")
    void pivotConfirms() {
      assertThat(DECIDER.decide(forward("confirm-order"), FRESH)).isEqualTo(new SagaMove.Confirm(TABLE.pivot()));
    }

    @Test
    @DisplayName("after the last step the saga finishes; a finished saga rests")
    void finishes() {
      assertThat(DECIDER.decide(forward(null), FRESH)).isEqualTo(new SagaMove.Finish());
      assertThat(DECIDER.decide(new SagaProgress(null, false, null, DEADLINE, true, null, new JsonArray()), FRESH))
        .isEqualTo(new SagaMove.Rest());
    }

    @Test
    @DisplayName("the next attempt is numbered after those the timeline records")
    void attemptsCountFromTheTimeline() {
      var timeline = new JsonArray().add(new JsonObject().put("step", "commit-stock").put("attempts", 2));
      var progress = new SagaProgress("commit-stock", false, null, DEADLINE, false, null, timeline);
      assertThat(DECIDER.decide(progress, FRESH)).isEqualTo(new SagaMove.Call(COMMIT, false, 3));
    }
  }

  @Nested
  @DisplayName("compensate")
  class Compensate {

    @Test
    @DisplayName("stock refused cancels with nothing to undo")
    void outOfStock() {
      var refused = new StepResult.Refused(CancelReason.OUT_OF_STOCK, "OUT_OF_STOCK", 1);
      assertThat(DECIDER.decide(forward("reserve-stock"), FRESH, ran(RESERVE, 1, refused)))
        .isEqualTo(new SagaMove.Compensate(CancelReason.OUT_OF_STOCK, null, "reserve-stock", "REFUSED", "OUT_OF_STOCK"));
    }

    @Test
    @DisplayName("a declined payment undoes the stock, not the payment")
    void declined() {
      var declined = new StepResult.Refused(CancelReason.PAYMENT_DECLINED, "payment DECLINED", 1);
      assertThat(DECIDER.decide(forward("authorize-payment"), FRESH, ran(AUTHORIZE, 1, declined)))
        .isEqualTo(new SagaMove.Compensate(CancelReason.PAYMENT_DECLINED, "reserve-stock", "authorize-payment",
          "REFUSED", "payment DECLINED"));
    }

    @Test
    @DisplayName("a payment given up on after its attempts is undone too: the provider may have approved it")
    void paymentGivenUp() {
      assertThat(DECIDER.decide(forward("authorize-payment"), FRESH, ran(AUTHORIZE, 2, UNAVAILABLE)))
        .isEqualTo(new SagaMove.RetryLater(3));
      assertThat(DECIDER.decide(forward("authorize-payment"), FRESH, ran(AUTHORIZE, 3, UNAVAILABLE)))
        .isEqualTo(new SagaMove.Compensate(CancelReason.PAYMENT_UNAVAILABLE, "authorize-payment", "authorize-payment",
          "GAVE_UP", "timeout"));
    }

    @Test
    @DisplayName("undoing goes back step by step, then cancels")
    void undoesInReverse() {
      var voidPayment = DECIDER.decide(backward("authorize-payment", CancelReason.PAYMENT_UNAVAILABLE), FRESH);
      assertThat(voidPayment).isEqualTo(new SagaMove.Call(AUTHORIZE, true, 1));
      assertThat(DECIDER.decide(backward("authorize-payment", CancelReason.PAYMENT_UNAVAILABLE), FRESH,
        undid(AUTHORIZE, 1, done(1)))).isEqualTo(new SagaMove.Advance("void-payment", "COMPENSATED"));
      assertThat(DECIDER.decide(backward(null, CancelReason.PAYMENT_UNAVAILABLE), FRESH))
        .isEqualTo(new SagaMove.Cancel(CancelReason.PAYMENT_UNAVAILABLE));
    }

    @Test
    @DisplayName("an undo is retried until done, and an undo refused has nothing left to undo")
    void undoUntilDone() {
      var progress = backward("reserve-stock", CancelReason.TIMEOUT);
      assertThat(DECIDER.decide(progress, LATE, undid(RESERVE, 7, UNAVAILABLE))).isEqualTo(new SagaMove.RetryLater(8));
      assertThat(DECIDER.decide(progress, FRESH, undid(RESERVE, 1, new StepResult.Refused(null, "ALREADY_RELEASED", 1))))
        .isEqualTo(new SagaMove.Advance("release-stock", "COMPENSATED"));
    }

    @Test
    @DisplayName("a run resumed from the stored order undoes every step before the pivot")
    void resumedUndoesAll() {
      var refused = new StepResult.Refused(CancelReason.OUT_OF_STOCK, "OUT_OF_STOCK", 1);
      assertThat(DECIDER.decide(forward("reserve-stock"), RESUMED, ran(RESERVE, 1, refused)))
        .isEqualTo(new SagaMove.Compensate(CancelReason.OUT_OF_STOCK, "authorize-payment", "reserve-stock", "REFUSED",
          "OUT_OF_STOCK"));
    }
  }

  @Nested
  @DisplayName("deadline")
  class Deadline {

    @Test
    @DisplayName("past the deadline before the pivot the saga undoes what it did and cancels TIMEOUT")
    void pastDeadline() {
      assertThat(DECIDER.decide(forward("authorize-payment"), LATE))
        .isEqualTo(new SagaMove.Compensate(CancelReason.TIMEOUT, "reserve-stock", "authorize-payment", null, null));
    }

    @Test
    @DisplayName("stock unavailable is retried until the deadline, then given up as TIMEOUT")
    void stockUntilDeadline() {
      assertThat(DECIDER.decide(forward("reserve-stock"), FRESH, ran(RESERVE, 40, UNAVAILABLE)))
        .isEqualTo(new SagaMove.RetryLater(41));
      assertThat(DECIDER.decide(forward("reserve-stock"), LATE, ran(RESERVE, 41, UNAVAILABLE)))
        .isEqualTo(new SagaMove.Compensate(CancelReason.TIMEOUT, "reserve-stock", "reserve-stock", "GAVE_UP", "timeout"));
    }

    @Test
    @DisplayName("after the pivot the deadline no longer applies")
    void notAfterThePivot() {
      assertThat(DECIDER.decide(forward("commit-stock"), LATE)).isEqualTo(new SagaMove.Call(COMMIT, false, 1));
      assertThat(DECIDER.decide(forward("commit-stock"), LATE, ran(COMMIT, 9, UNAVAILABLE)))
        .isEqualTo(new SagaMove.RetryLater(10));
    }
  }

  @Nested
  @DisplayName("customer cancel")
  class CustomerCancel {

    @Test
    @DisplayName("a cancel asked before the pivot undoes the steps done")
    void beforePivot() {
      assertThat(DECIDER.decide(forward("confirm-order"), CANCEL_ASKED))
        .isEqualTo(new SagaMove.Compensate(CancelReason.CUSTOMER_CANCELLED, "authorize-payment", "confirm-order", null, null));
      assertThat(DECIDER.decide(forward("reserve-stock"), CANCEL_ASKED))
        .isEqualTo(new SagaMove.Compensate(CancelReason.CUSTOMER_CANCELLED, null, "reserve-stock", null, null));
    }

    @Test
    @DisplayName("a cancel asked after the pivot changes nothing")
    void afterPivot() {
      assertThat(DECIDER.decide(forward("capture-payment"), CANCEL_ASKED)).isEqualTo(new SagaMove.Call(CAPTURE, false, 1));
    }
  }

  @Nested
  @DisplayName("after the pivot")
  class AfterPivot {

    @Test
    @DisplayName("an unavailable participant is retried until done")
    void retriedUntilDone() {
      assertThat(DECIDER.decide(forward("capture-payment"), FRESH, ran(CAPTURE, 100, UNAVAILABLE)))
        .isEqualTo(new SagaMove.RetryLater(101));
    }

    @Test
    @DisplayName("a refusal flags the order for attention and the saga goes on")
    void refusalNeedsAttention() {
      var refused = new StepResult.Refused(null, "RESERVATION_EXPIRED", 1);
      assertThat(DECIDER.decide(forward("commit-stock"), FRESH, ran(COMMIT, 1, refused)))
        .isEqualTo(new SagaMove.Flag("commit-stock", "RESERVATION_EXPIRED"));
    }

    @Test
    @DisplayName("an operator's retry runs the flagged step again; done clears the flag, refused keeps it")
    void operatorRetry() {
      var timeline = new JsonArray().add(new JsonObject().put("step", "capture-payment").put("attempts", 1));
      var retrying = new SagaProgress(null, false, null, DEADLINE, false, "capture-payment", timeline);
      assertThat(DECIDER.decide(retrying, LATE)).isEqualTo(new SagaMove.Call(CAPTURE, false, 2));
      assertThat(DECIDER.decide(retrying, LATE, ran(CAPTURE, 2, done(2)))).isEqualTo(new SagaMove.Resolve("capture-payment"));
      assertThat(DECIDER.decide(retrying, LATE, ran(CAPTURE, 2, new StepResult.Refused(null, "INVALID_STATE", 2))))
        .isEqualTo(new SagaMove.Flag("capture-payment", "INVALID_STATE"));
    }
  }

  @Nested
  @DisplayName("stale replies")
  class StaleReplies {

    @Test
    @DisplayName("a reply to an earlier attempt moves nothing: the step is asked again as a new attempt")
    void staleDoneIgnored() {
      var move = DECIDER.decide(forward("authorize-payment"), FRESH, ran(AUTHORIZE, 2, done(1)));
      assertThat(move).isInstanceOf(SagaMove.Ignore.class);
      assertThat(((SagaMove.Ignore) move).attempt()).isEqualTo(3);
    }

    @Test
    @DisplayName("a stale refusal does not turn the saga back")
    void staleRefusalIgnored() {
      var stale = new StepResult.Refused(CancelReason.OUT_OF_STOCK, "OUT_OF_STOCK", 1);
      assertThat(DECIDER.decide(forward("reserve-stock"), FRESH, ran(RESERVE, 2, stale))).isInstanceOf(SagaMove.Ignore.class);
    }
  }

  @Nested
  @DisplayName("stored progress")
  class Stored {

    @Test
    @DisplayName("progress stored by index by an earlier ordermesh reads as step names")
    void readsIndexedProgress() {
      var saga = new JsonObject().put("next", 3).put("direction", "FORWARD").put("deadline", DEADLINE.toString())
        .put("done", false).put("steps", new JsonArray());
      assertThat(SagaProgress.of(saga).next()).isEqualTo("commit-stock");
      var undone = saga.copy().put("next", -1).put("direction", "BACKWARD").put("reason", "TIMEOUT");
      assertThat(DECIDER.decide(SagaProgress.of(undone), FRESH)).isEqualTo(new SagaMove.Cancel(CancelReason.TIMEOUT));
      assertThat(SagaProgress.of(saga.copy().put("next", 5)).next()).isNull();
    }
  }
}
