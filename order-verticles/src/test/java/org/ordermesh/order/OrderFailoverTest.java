package org.ordermesh.order;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.order.support.OrderSystem;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordermesh.order.support.OrderSystem.await;
import static org.ordermesh.order.support.OrderSystem.orderBody;

@DisplayName("an orchestrator that stops mid-saga")
class OrderFailoverTest {

  private OrderSystem first;
  private OrderSystem second;

  @AfterEach
  void stop() throws Exception {
    if (second != null) {
      second.close();
    }
  }

  @Test
  @DisplayName("leaves its saga to another node, which finishes it with nothing done twice")
  void anotherNodeFinishesTheSaga() throws Exception {
    // two nodes on the same databases; a short lease so that the survivor takes over quickly
    var settings = OrderSystem.settings(new JsonObject()
      .put("ORDERMESH_SAGA_LEASE_SECONDS", 2)
      .put("ORDERMESH_PAYMENT_SLOW_MS", 1_500)
      .put("ORDERMESH_PAYMENT_PROVIDER_TIMEOUT_MS", 3_000));
    first = OrderSystem.start(settings);
    second = OrderSystem.start(settings);
    var customer = first.newCustomer();
    var productId = first.product("4.00", 10);

    var placed = await(first.placeOrder(customer, UUID.randomUUID().toString(), orderBody(productId, 2, "tok_slow")))
      .bodyAsJsonObject();
    var orderId = placed.getString("id");
    // the stock is reserved and the slow payment is being authorized when the first node goes away; neither
    // step is written yet (the saga writes them with the pivot), so the survivor does both again
    OrderTestAwait.until(() -> first.inventory(productId).getInteger("reserved") == 2);
    assertThat(steps(first, orderId)).isEmpty();
    first.close();

    var settled = second.settledOrder(customer, orderId);
    assertThat(settled.getString("status")).isEqualTo("CONFIRMED");
    OrderTestAwait.until(() -> second.saga(orderId).getJsonObject("saga").getBoolean("done"));
    var saga = second.saga(orderId).getJsonObject("saga");
    assertThat(saga.getJsonArray("steps").stream().map(step -> ((JsonObject) step).getString("step")))
      .containsExactly("reserve-stock", "authorize-payment", "confirm-order", "commit-stock", "capture-payment");
    var payments = second.payments(customer, orderId);
    assertThat(payments).hasSize(1);
    var history = payments.getJsonObject(0).getJsonArray("history").stream().map(JsonObject.class::cast)
      .map(entry -> entry.getString("event")).toList();
    assertThat(history.stream().filter("PaymentAuthorized"::equals)).hasSize(1);
    assertThat(history.stream().filter("PaymentCaptured"::equals)).hasSize(1);
    assertThat(second.inventory(productId).getInteger("available")).isEqualTo(8);
    assertThat(second.inventory(productId).getInteger("reserved")).isZero();
  }

  private static io.vertx.core.json.JsonArray steps(OrderSystem system, String orderId) {
    return system.saga(orderId).getJsonObject("saga").getJsonArray("steps");
  }
}
