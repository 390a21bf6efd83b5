package org.ordermesh.order;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.order.support.OrderSystem;
import org.ordermesh.platform.testing.Await;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordermesh.order.support.OrderSystem.await;
import static org.ordermesh.order.support.OrderSystem.orderBody;

@DisplayName("a node at its bound on sagas in flight")
class OrderAdmissionTest {

  private static OrderSystem system;

  @BeforeAll
  static void start() {
    system = OrderSystem.start(OrderSystem.settings(new JsonObject()
      .put("ORDERMESH_SAGAS_IN_FLIGHT", 1)
      .put("ORDERMESH_PAYMENT_SLOW_MS", 1_500)
      .put("ORDERMESH_PAYMENT_PROVIDER_TIMEOUT_MS", 3_000)));
  }

  @AfterAll
  static void stop() throws Exception {
    system.close();
  }

  @Test
  @DisplayName("answers 503 with Retry-After before claiming the key, and the same key is served once a saga ends")
  void refusesThenServesTheSameKey() {
    var customer = system.newCustomer();
    var productId = system.product("2.00", 10);
    var slow = await(system.placeOrder(customer, UUID.randomUUID().toString(), orderBody(productId, 1, "tok_slow")));
    assertThat(slow.statusCode()).as(slow.bodyAsString()).isEqualTo(202);

    var key = UUID.randomUUID().toString();
    var refused = await(system.placeOrder(customer, key, orderBody(productId, 1, "tok_visa")));
    assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(503);
    assertThat(refused.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
    assertThat(refused.bodyAsJsonObject().getString("type")).endsWith("saga-limit-reached");

    var accepted = new AtomicReference<HttpResponse<Buffer>>();
    Await.until(Duration.ofSeconds(30), () -> {
      accepted.set(await(system.placeOrder(customer, key, orderBody(productId, 1, "tok_visa"))));
      return accepted.get().statusCode() != 503;
    });
    assertThat(accepted.get().statusCode()).as(accepted.get().bodyAsString()).isEqualTo(202);
    // served as a first request: the refusal had claimed nothing
    assertThat(accepted.get().getHeader("Idempotent-Replayed")).isNull();
    var second = accepted.get().bodyAsJsonObject().getString("id");
    assertThat(system.settledOrder(customer, second).getString("status")).isEqualTo("CONFIRMED");
    assertThat(system.settledOrder(customer, slow.bodyAsJsonObject().getString("id")).getString("status"))
      .isEqualTo("CONFIRMED");
  }
}
