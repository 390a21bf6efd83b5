package org.ordermesh.order;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.order.support.OrderSystem;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordermesh.order.support.OrderSystem.await;
import static org.ordermesh.order.support.OrderSystem.orderBody;

@DisplayName("order event streams")
class OrderStreamLimitsTest {

  private static OrderSystem system;
  private static HttpClient http;

  @BeforeAll
  static void start() {
    // a slow card keeps orders PENDING, so their streams stay open; tokens live 15 s, so one expires in the test
    system = OrderSystem.start(OrderSystem.settings(new JsonObject()
      .put("ORDERMESH_PAYMENT_SLOW_MS", 120_000).put("ORDERMESH_PAYMENT_PROVIDER_TIMEOUT_MS", 150_000)
      .put("ORDERMESH_ACCESS_TOKEN_SECONDS", 15).put("ORDERMESH_ORDER_STREAMS_PER_CUSTOMER", 5)));
    http = system.node.vertx().createHttpClient(new PoolOptions().setHttp1MaxSize(20));
  }

  @AfterAll
  static void stop() throws Exception {
    await(http.close());
    system.close();
  }

  private static String pendingOrder(String customer) {
    var productId = system.product("3.00", 50);
    return await(system.placeOrder(customer, UUID.randomUUID().toString(), orderBody(productId, 1, "tok_slow")))
      .bodyAsJsonObject().getString("id");
  }

  private static Future<HttpClientResponse> open(String customer, String orderId) {
    return http.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(system.port("order"))
        .setURI("/api/v1/orders/" + orderId + "/events").putHeader("Authorization", "Bearer " + customer))
      .compose(request -> request.send());
  }

  @Test
  @DisplayName("past its cap (5 here) of open streams a customer gets 429 with Retry-After; other customers still stream")
  void perCustomerCap() {
    var customer = system.newCustomer();
    var orderId = pendingOrder(customer);
    List<HttpClientResponse> streams = new ArrayList<>();
    try {
      for (int i = 0; i < 5; i++) {
        streams.add(await(open(customer, orderId)));
      }
      var refused = await(open(customer, orderId));
      var other = system.newCustomer();
      var othersStream = await(open(other, pendingOrder(other)));
      streams.add(othersStream);

      assertThat(streams).allSatisfy(stream -> assertThat(stream.statusCode()).isEqualTo(200));
      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.getHeader("Retry-After")).isNotBlank();
      assertThat(refused.getHeader("Content-Type")).startsWith("application/problem+json");
    } finally {
      streams.forEach(stream -> stream.request().connection().close());
    }
  }

  @Test
  @DisplayName("ends with an expired event when the caller's token expires")
  void endsWhenTheTokenExpires() {
    var customer = system.newCustomer();
    var orderId = pendingOrder(customer);

    // the whole body: the stream ended by itself while the order is still PENDING
    var body = await(open(customer, orderId).compose(HttpClientResponse::body)).toString();

    assertThat(body).contains("\"status\":\"PENDING\"").endsWith("event: expired\ndata: {}\n\n");
  }
}
