package org.ordermesh.node.admin;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("the order flow")
class OrderFlowTest {

  private static final long T0 = 1_800_000_000_000L;
  private final OrderFlow flow = new OrderFlow();

  @Test
  @DisplayName("rates status changes over the last ten seconds and forgets older ones")
  void ratesOverTheWindow() {
    for (int i = 0; i < 20; i++) {
      flow.heard(change("o-" + i, "PENDING", null), T0);
    }
    flow.heard(change("o-1", "CONFIRMED", null), T0 + 5_000);

    assertThat(flow.now(T0 + 5_000).getJsonObject("ordersPerSecond").getDouble("PENDING")).isEqualTo(2.0);
    assertThat(flow.now(T0 + 5_000).getJsonObject("ordersPerSecond").getDouble("CONFIRMED")).isEqualTo(0.1);
    assertThat(flow.now(T0 + 10_000).getJsonObject("ordersPerSecond").getDouble("PENDING")).isZero();
    assertThat(flow.now(T0 + 10_000).getJsonObject("statusChangesSinceStart").getLong("PENDING")).isEqualTo(20);
  }

  @Test
  @DisplayName("counts sagas in flight until they end, and cancellations by reason for ten minutes")
  void inFlightAndReasons() {
    flow.heard(change("a", "PENDING", null), T0);
    flow.heard(change("b", "PENDING", null), T0);
    flow.heard(change("c", "PENDING", null), T0 + 1_000);
    flow.heard(change("a", "CANCELLED", "OUT_OF_STOCK"), T0 + 2_000);
    flow.heard(change("b", "CONFIRMED", null), T0 + 2_000);

    var now = flow.now(T0 + 3_000);
    assertThat(now.getInteger("sagasInFlight")).isEqualTo(1);
    assertThat(now.getJsonObject("cancellationsByReason").getInteger("OUT_OF_STOCK")).isEqualTo(1);
    var later = flow.now(T0 + 11 * 60_000);
    assertThat(later.getJsonObject("cancellationsByReason").isEmpty()).isTrue();
    // an end this node did not hear: forgotten after ten minutes rather than counted for ever
    assertThat(later.getInteger("sagasInFlight")).isZero();
  }

  private static JsonObject change(String orderId, String status, String reason) {
    var change = new JsonObject().put("v", 1).put("orderId", orderId).put("status", status);
    return reason == null ? change : change.put("reason", reason);
  }
}
