package org.ordermesh.order;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.order.support.OrderSystem;
import org.ordermesh.platform.testing.Await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordermesh.order.support.OrderSystem.await;
import static org.ordermesh.order.support.OrderSystem.orderBody;

@DisplayName("a burst of orders on one product")
class OrderBurstTest {

  private static final int ORDERS = 300;
  private static final int IN_FLIGHT = 16;
  private static final int STOCK = 1_000;

  private static OrderSystem system;
  // the lanes post from the event loop: the client and the port are resolved before
  private static WebClient http;
  private static int port;

  @BeforeAll
  static void start() {
    // a shared 2-core machine runs one hot product's calls one at a time, at times seconds each: the deadline and the
    // inventory timeout are set for that; what is checked is that every accepted order confirms, none times out
    system = OrderSystem.start(OrderSystem.settings(new JsonObject()
      .put("ORDERMESH_SAGA_DEADLINE_SECONDS", 180)
      .put("ORDERMESH_INVENTORY_TIMEOUT_MS", 60_000)));
  }

  @AfterAll
  static void stop() throws Exception {
    system.close();
  }

  @Test
  @DisplayName("300 orders, 16 in flight: every one accepted ends CONFIRMED, none TIMEOUT, and the stock adds up")
  void everyAcceptedOrderConfirms() throws Exception {
    var customer = system.newCustomer();
    var productId = system.product("1.00", STOCK);
    var ids = Collections.synchronizedList(new ArrayList<String>());
    var left = new AtomicInteger(ORDERS);
    http = WebClient.create(system.node.vertx());
    port = system.port("order");

    // the node admits what it can finish in time; the rest waits at the door (503, retried): a generous bound
    Future.all(IntStream.range(0, IN_FLIGHT).mapToObj(lane -> postWhileLeft(customer, productId, left, ids)).toList())
      .await(300, TimeUnit.SECONDS);

    assertThat(ids).hasSize(ORDERS);
    // a generous bound for a loaded machine: the sagas' own deadline (60 s) decides whether they confirm
    Await.until(Duration.ofSeconds(300), () -> pending(customer) == 0);
    List<JsonObject> settled = ids.stream().map(id -> system.order(customer, id)).toList();
    assertThat(settled).allSatisfy(order -> assertThat(order.getString("status"))
      .as("%s, saga %s", order.encode(), system.saga(order.getString("id"))).isEqualTo("CONFIRMED"));
    OrderTestAwait.until(() -> system.inventory(productId).getInteger("reserved") == 0);
    assertThat(system.inventory(productId).getInteger("available")).isEqualTo(STOCK - ORDERS);
  }

  private static int pending(String customer) {
    return await(system.request("order", HttpMethod.GET, "/api/v1/orders?status=PENDING&limit=1", customer).send())
      .bodyAsJsonObject().getJsonArray("items").size();
  }

  // one connection's worth of orders, one after the other; a 503 at the door is retried with the same key
  private static Future<Void> postWhileLeft(String customer, String productId, AtomicInteger left, List<String> ids) {
    if (left.getAndDecrement() <= 0) {
      return Future.succeededFuture();
    }
    return post(customer, productId, UUID.randomUUID().toString(), ids)
      .compose(v -> postWhileLeft(customer, productId, left, ids));
  }

  private static Future<Void> post(String customer, String productId, String key, List<String> ids) {
    return http.post(port, "127.0.0.1", "/api/v1/orders").bearerTokenAuthentication(customer)
      .putHeader("Idempotency-Key", key).sendJsonObject(orderBody(productId, 1, "tok_visa")).compose(response -> {
      if (response.statusCode() == 503) {
        return system.node.vertx().timer(200).compose(v -> post(customer, productId, key, ids));
      }
      assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(202);
      ids.add(response.bodyAsJsonObject().getString("id"));
      return Future.succeededFuture();
    });
  }
}
