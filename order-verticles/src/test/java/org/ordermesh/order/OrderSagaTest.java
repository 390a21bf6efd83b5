package org.ordermesh.order;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.order.support.OrderSystem;

import java.util.ArrayList;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordermesh.order.support.OrderSystem.await;
import static org.ordermesh.order.support.OrderSystem.orderBody;

@DisplayName("the order saga")
class OrderSagaTest {

  private static OrderSystem system;

  @BeforeAll
  static void start() {
    system = OrderSystem.start(OrderSystem.settings(new JsonObject().put("ORDERMESH_PAYMENT_ATTEMPTS", 3)));
  }

  @AfterAll
  static void stop() throws Exception {
    system.close();
  }

  private static JsonObject place(String customer, String productId, int quantity, String paymentMethod) {
    var response = await(system.placeOrder(customer, UUID.randomUUID().toString(), orderBody(productId, quantity, paymentMethod)));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(202);
    return response.bodyAsJsonObject();
  }

  @Test
  @DisplayName("confirms an order end to end: stock committed, one payment captured")
  void confirmsEndToEnd() {
    var customer = system.newCustomer();
    var productId = system.product("12.50", 10);

    var placed = place(customer, productId, 3, "tok_visa");
    assertThat(placed.getString("status")).isEqualTo("PENDING");
    assertThat(placed.getString("total")).isIn("37.5", "37.50");

    var settled = system.settledOrder(customer, placed.getString("id"));
    assertThat(settled.getString("status")).isEqualTo("CONFIRMED");
    var payments = system.payments(customer, placed.getString("id"));
    assertThat(payments).hasSize(1);
    OrderTestAwait.until(() -> "CAPTURED".equals(system.payments(customer, placed.getString("id"))
      .getJsonObject(0).getString("status")));
    OrderTestAwait.until(() -> system.inventory(productId).getInteger("reserved") == 0);
    assertThat(system.inventory(productId).getInteger("available")).isEqualTo(7);
    // the last steps are written with other sagas' a moment after they ran
    OrderTestAwait.until(() -> system.saga(placed.getString("id")).getJsonObject("saga").getBoolean("done"));
    var steps = system.saga(placed.getString("id")).getJsonObject("saga").getJsonArray("steps");
    assertThat(steps.stream().map(step -> ((JsonObject) step).getString("step")))
      .containsExactly("reserve-stock", "authorize-payment", "confirm-order", "commit-stock", "capture-payment");
  }

  @Test
  @DisplayName("cancels an order whose payment is declined and restores its stock")
  void declinedPaymentRestoresStock() {
    var customer = system.newCustomer();
    var productId = system.product("5.00", 4);

    var placed = place(customer, productId, 4, "tok_declined");
    var settled = system.settledOrder(customer, placed.getString("id"));

    assertThat(settled.getString("status")).isEqualTo("CANCELLED");
    assertThat(settled.getString("reason")).isEqualTo("PAYMENT_DECLINED");
    OrderTestAwait.until(() -> system.inventory(productId).getInteger("available") == 4);
    assertThat(system.inventory(productId).getInteger("reserved")).isZero();
  }

  @Test
  @DisplayName("cancels with PAYMENT_UNAVAILABLE after retrying a provider that keeps failing")
  void unavailableProvider() {
    var customer = system.newCustomer();
    var productId = system.product("9.99", 2);

    var placed = place(customer, productId, 1, "tok_error");
    var settled = system.settledOrder(customer, placed.getString("id"));

    assertThat(settled.getString("status")).isEqualTo("CANCELLED");
    assertThat(settled.getString("reason")).isEqualTo("PAYMENT_UNAVAILABLE");
    var authorize = system.saga(placed.getString("id")).getJsonObject("saga").getJsonArray("steps").stream()
      .map(JsonObject.class::cast).filter(step -> "authorize-payment".equals(step.getString("step"))).findFirst()
      .orElseThrow();
    assertThat(authorize.getString("outcome")).isEqualTo("GAVE_UP");
    assertThat(authorize.getInteger("attempts")).isEqualTo(3);
    OrderTestAwait.until(() -> system.inventory(productId).getInteger("available") == 2);
  }

  @Test
  @DisplayName("never oversells: 60 concurrent orders for 20 units give 20 confirmed and 40 out of stock")
  void neverOversells() {
    var customer = system.newCustomer();
    var productId = system.product("1.00", 20);

    var posted = IntStream.range(0, 60)
      .mapToObj(i -> system.placeOrder(customer, "concurrent-" + i, orderBody(productId, 1, "tok_visa")))
      .toList();
    var ids = new ArrayList<String>();
    for (Future<io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>> response : posted) {
      ids.add(await(response).bodyAsJsonObject().getString("id"));
    }
    var outcomes = ids.stream().map(id -> system.settledOrder(customer, id)).toList();

    assertThat(outcomes.stream().filter(o -> "CONFIRMED".equals(o.getString("status")))).hasSize(20);
    assertThat(outcomes.stream().filter(o -> "OUT_OF_STOCK".equals(o.getString("reason")))).hasSize(40);
    OrderTestAwait.until(() -> system.inventory(productId).getInteger("reserved") == 0);
    assertThat(system.inventory(productId).getInteger("available")).isZero();
  }

  @Test
  @DisplayName("cancelled by its customer before the pivot releases the stock and voids the payment")
  void customerCancels() {
    var customer = system.newCustomer();
    var productId = system.product("3.00", 5);

    var placed = place(customer, productId, 2, "tok_slow");
    var cancelled = await(system.request("order", io.vertx.core.http.HttpMethod.POST,
      "/api/v1/orders/" + placed.getString("id") + "/cancel", customer).send());
    assertThat(cancelled.statusCode()).as(cancelled.bodyAsString()).isEqualTo(202);

    var settled = system.settledOrder(customer, placed.getString("id"));
    assertThat(settled.getString("status")).isEqualTo("CANCELLED");
    assertThat(settled.getString("reason")).isEqualTo("CUSTOMER_CANCELLED");
    OrderTestAwait.until(() -> system.inventory(productId).getInteger("available") == 5);
    OrderTestAwait.until(() -> system.payments(customer, placed.getString("id")).stream()
      .map(JsonObject.class::cast).allMatch(payment -> !"AUTHORIZED".equals(payment.getString("status"))
        && !"CAPTURED".equals(payment.getString("status"))));
  }
}
