package org.ordermesh.order;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.order.support.OrderSystem;

import java.math.BigDecimal;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordermesh.order.support.OrderSystem.await;
import static org.ordermesh.order.support.OrderSystem.orderBody;

/** An extension step declared in ORDERMESH_SAGA_EXTENSIONS and answered by a Java verticle on its address. */
@DisplayName("an extension saga step")
class OrderExtensionStepTest {

  private static final String ADDRESS = "saga.step.risk";
  private static final BigDecimal LIMIT = new BigDecimal("100");
  private static final Set<String> compensated = ConcurrentHashMap.newKeySet();
  private static OrderSystem system;

  /** Declines orders over {@link #LIMIT}, as clients/python/examples/risk_step.py does. */
  static final class RiskStep extends VerticleBase {
    @Override
    public Future<?> start() {
      return vertx.eventBus().<JsonObject>consumer(ADDRESS, message -> {
        var command = message.body();
        if ("compensate".equals(command.getString("action"))) {
          compensated.add(command.getString("orderId"));
          message.reply(new JsonObject().put("v", 1).put("outcome", "COMPENSATED"));
        } else if (new BigDecimal(String.valueOf(command.getValue("total"))).compareTo(LIMIT) > 0) {
          message.reply(new JsonObject().put("v", 1).put("outcome", "DECLINED").put("reason", "RISK_DECLINED"));
        } else {
          message.reply(new JsonObject().put("v", 1).put("outcome", "APPROVED"));
        }
      }).completion();
    }
  }

  @BeforeAll
  static void start() {
    system = OrderSystem.start(OrderSystem.settings(new JsonObject().put("ORDERMESH_SAGA_EXTENSIONS",
      "[{\"name\": \"risk\", \"address\": \"" + ADDRESS + "\", \"before\": \"authorize-payment\", \"timeoutMs\": 5000,"
        + " \"compensation\": \"compensate\"}]")));
    await(system.node.vertx().deployVerticle(new RiskStep()));
  }

  @AfterAll
  static void stop() throws Exception {
    system.close();
  }

  private static JsonObject place(String customer, String productId, int quantity) {
    var response = await(system.placeOrder(customer, UUID.randomUUID().toString(), orderBody(productId, quantity, "tok_visa")));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(202);
    return response.bodyAsJsonObject();
  }

  @Test
  @DisplayName("an order over the step's limit is cancelled with its reason and its stock released")
  void declined() {
    var customer = system.newCustomer();
    var productId = system.product("60.00", 5);

    var placed = place(customer, productId, 2);
    var settled = system.settledOrder(customer, placed.getString("id"));

    assertThat(settled.getString("status")).isEqualTo("CANCELLED");
    assertThat(settled.getString("reason")).isEqualTo("RISK_DECLINED");
    OrderTestAwait.until(() -> system.inventory(productId).getInteger("available") == 5);
    assertThat(system.inventory(productId).getInteger("reserved")).isZero();
    assertThat(system.payments(customer, placed.getString("id"))).isEmpty();
    // a declining step did nothing to undo: only the steps before it are compensated
    assertThat(compensated).doesNotContain(placed.getString("id"));
  }

  @Test
  @DisplayName("an order within the limit runs the step and is confirmed")
  void approved() {
    var customer = system.newCustomer();
    var productId = system.product("30.00", 5);

    var placed = place(customer, productId, 2);
    var settled = system.settledOrder(customer, placed.getString("id"));

    assertThat(settled.getString("status")).isEqualTo("CONFIRMED");
    OrderTestAwait.until(() -> system.saga(placed.getString("id")).getJsonObject("saga").getBoolean("done"));
    var steps = system.saga(placed.getString("id")).getJsonObject("saga").getJsonArray("steps");
    assertThat(steps.stream().map(step -> ((JsonObject) step).getString("step")))
      .containsExactly("reserve-stock", "risk", "authorize-payment", "confirm-order", "commit-stock", "capture-payment");
  }

  @Test
  @DisplayName("a declined payment after the step compensates the step, then the stock")
  void laterRefusal() {
    var customer = system.newCustomer();
    var productId = system.product("10.00", 5);

    var response = await(system.placeOrder(customer, UUID.randomUUID().toString(), orderBody(productId, 1, "tok_declined")));
    var id = response.bodyAsJsonObject().getString("id");
    var settled = system.settledOrder(customer, id);

    assertThat(settled.getString("reason")).isEqualTo("PAYMENT_DECLINED");
    OrderTestAwait.until(() -> compensated.contains(id));
    OrderTestAwait.until(() -> system.inventory(productId).getInteger("available") == 5);
  }
}
