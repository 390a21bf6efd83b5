package org.ordermesh.order.saga;

import io.vertx.core.json.JsonArray;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.order.api.CancelReason;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An extension step declared in the settings: its rows in the table, and the decider's moves on them. */
@DisplayName("an extension saga step")
class SagaExtensionTest {

  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  private static final Instant DEADLINE = NOW.plus(Duration.ofSeconds(60));
  private static final SagaTable TABLE = CreateOrderSaga.table(3, SagaExtension.parse(
    "[{\"name\": \"risk\", \"address\": \"saga.step.risk\", \"before\": \"authorize-payment\", \"timeoutMs\": 2000,"
      + " \"compensation\": \"compensate\", \"attempts\": 2}]"));
  private static final SagaDecider DECIDER = new SagaDecider(TABLE);
  private static final SagaStep RISK = TABLE.step("risk");
  private static final SagaDecider.Facts FRESH = new SagaDecider.Facts(false, NOW, true);
  private static final SagaDecider.Facts RESUMED = new SagaDecider.Facts(false, NOW, false);

  private static SagaProgress forward(String next) {
    return new SagaProgress(next, false, null, DEADLINE, false, null, new JsonArray());
  }

  private static SagaProgress backward(String next, CancelReason reason) {
    return new SagaProgress(next, true, reason, DEADLINE, false, null, new JsonArray());
  }

  @Test
  @DisplayName("sits before the step it names, with its compensation, before the pivot")
  void row() {
    assertThat(TABLE.steps()).extracting(SagaStep::name).containsExactly("reserve-stock", "risk", "authorize-payment",
      "confirm-order", "commit-stock", "capture-payment");
    assertThat(RISK.compensationName()).isEqualTo("risk-compensate");
    assertThat(RISK.retry()).isEqualTo(SagaStep.Retry.attempts(2));
    assertThat(RISK.givingUp()).isEqualTo(CancelReason.TIMEOUT);
  }

  @Test
  @DisplayName("approved: the saga goes on to the next step")
  void approved() {
    assertThat(DECIDER.decide(forward("risk"), FRESH)).isEqualTo(new SagaMove.Call(RISK, false, 1));
    assertThat(DECIDER.decide(forward("risk"), FRESH, new SagaDecider.Outcome(RISK, false, 1, new StepResult.Done(1))))
      .isEqualTo(new SagaMove.Advance("risk", "DONE"));
  }

  @Test
  @DisplayName("declined: the order turns back with the step's reason, undoing the stock, not the step")
  void declined() {
    var declined = new StepResult.Refused(CancelReason.valueOf("RISK_DECLINED"), "declined: RISK_DECLINED", 1);
    assertThat(DECIDER.decide(forward("risk"), FRESH, new SagaDecider.Outcome(RISK, false, 1, declined)))
      .isEqualTo(new SagaMove.Compensate(CancelReason.valueOf("RISK_DECLINED"), "reserve-stock", "risk", "REFUSED",
        "declined: RISK_DECLINED"));
    assertThat(DECIDER.decide(backward(null, CancelReason.valueOf("RISK_DECLINED")), FRESH))
      .isEqualTo(new SagaMove.Cancel(CancelReason.valueOf("RISK_DECLINED")));
  }

  @Test
  @DisplayName("unavailable: retried per its attempts column, then given up on with TIMEOUT, undoing itself too")
  void unavailable() {
    var unavailable = new StepResult.Unavailable("timeout");
    assertThat(DECIDER.decide(forward("risk"), FRESH, new SagaDecider.Outcome(RISK, false, 1, unavailable)))
      .isEqualTo(new SagaMove.RetryLater(2));
    assertThat(DECIDER.decide(forward("risk"), FRESH, new SagaDecider.Outcome(RISK, false, 2, unavailable)))
      .isEqualTo(new SagaMove.Compensate(CancelReason.TIMEOUT, "risk", "risk", "GAVE_UP", "timeout"));
    assertThat(DECIDER.decide(backward("risk", CancelReason.TIMEOUT), FRESH))
      .isEqualTo(new SagaMove.Call(RISK, true, 1));
    assertThat(DECIDER.decide(backward("risk", CancelReason.TIMEOUT), FRESH,
      new SagaDecider.Outcome(RISK, true, 1, new StepResult.Done(1))))
      .isEqualTo(new SagaMove.Advance("risk-compensate", "COMPENSATED"));
  }

  @Test
  @DisplayName("a later refusal undoes it in reverse: payment declined compensates the step, then the stock")
  void laterRefusal() {
    var authorize = TABLE.step("authorize-payment");
    var declined = new StepResult.Refused(CancelReason.PAYMENT_DECLINED, "payment DECLINED", 1);
    assertThat(DECIDER.decide(forward("authorize-payment"), FRESH, new SagaDecider.Outcome(authorize, false, 1, declined)))
      .isEqualTo(new SagaMove.Compensate(CancelReason.PAYMENT_DECLINED, "risk", "authorize-payment", "REFUSED",
        "payment DECLINED"));
    assertThat(DECIDER.decide(forward("authorize-payment"), RESUMED, new SagaDecider.Outcome(authorize, false, 1, declined)))
      .extracting(move -> ((SagaMove.Compensate) move).from()).isEqualTo("authorize-payment");
  }

  @Test
  @DisplayName("without a compensation it still has an undo row, which calls no one")
  void withoutCompensation() {
    var table = CreateOrderSaga.table(3, SagaExtension.parse(
      "[{\"name\": \"fraud\", \"address\": \"saga.step.fraud\", \"before\": \"reserve-stock\"}]"));
    assertThat(table.first().name()).isEqualTo("fraud");
    assertThat(table.step("fraud").compensationName()).isEqualTo("fraud-undo");
    assertThat(table.step("fraud").compensation().run(null, null, 1).result()).isEqualTo(new StepResult.Done(1));
  }

  @Test
  @DisplayName("an invalid declaration is refused with one line naming the setting")
  void invalid() {
    assertThat(SagaExtension.parse(null)).isEmpty();
    assertThat(SagaExtension.parse(new JsonArray())).isEmpty();
    assertThatThrownBy(() -> SagaExtension.parse("{not json"))
      .hasMessageStartingWith("ORDERMESH_SAGA_EXTENSIONS is not a JSON array");
    assertThatThrownBy(() -> SagaExtension.parse("[{\"address\": \"saga.step.x\", \"before\": \"reserve-stock\"}]"))
      .hasMessage("ORDERMESH_SAGA_EXTENSIONS entry 0 has no 'name'");
    assertThatThrownBy(() -> SagaExtension.parse("[{\"name\": \"x\", \"address\": \"a\", \"before\": \"reserve-stock\","
      + " \"timeoutMs\": -1}]")).hasMessageContaining("'timeoutMs' must be a whole number from 1 to 600000");
    assertThatThrownBy(() -> SagaExtension.parse("[{\"name\": \"x\", \"address\": \"a\", \"before\": \"reserve-stock\","
      + " \"retries\": 2}]")).hasMessageContaining("unknown fields [retries]");
    assertThatThrownBy(() -> CreateOrderSaga.table(3, SagaExtension.parse(
      "[{\"name\": \"x\", \"address\": \"a\", \"before\": \"commit-stock\"}]")))
      .hasMessageContaining("'before' must be one of [reserve-stock, authorize-payment]");
    assertThatThrownBy(() -> CreateOrderSaga.table(3, SagaExtension.parse(
      "[{\"name\": \"release-stock\", \"address\": \"a\", \"before\": \"reserve-stock\"}]")))
      .hasMessageContaining("takes the name of a step already in the saga");
  }

  @Test
  @DisplayName("a cancel reason is an upper-case word of bounded length")
  void reasons() {
    assertThat(CancelReason.isValid("RISK_DECLINED")).isTrue();
    assertThat(CancelReason.isValid("risk")).isFalse();
    assertThat(CancelReason.isValid("_X")).isFalse();
    assertThat(CancelReason.isValid("A".repeat(CancelReason.MAX_LENGTH + 1))).isFalse();
    assertThatThrownBy(() -> CancelReason.valueOf("no spaces")).isInstanceOf(IllegalArgumentException.class);
  }
}
