package org.ordermesh.order;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.order.support.OrderSystem;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordermesh.order.support.OrderSystem.await;
import static org.ordermesh.order.support.OrderSystem.orderBody;

@DisplayName("a step refused after the pivot")
class OrderAttentionTest {

  private static OrderSystem system;

  @BeforeAll
  static void start() {
    // reservations expire (and are swept) while the slow payment is authorized: commit-stock is refused after the pivot
    system = OrderSystem.start(OrderSystem.settings(new JsonObject()
      .put("ORDERMESH_CATALOG_RESERVATION_TTL_SECONDS", 1)
      .put("ORDERMESH_CATALOG_SWEEP_INTERVAL_MS", 100)
      .put("ORDERMESH_PAYMENT_SLOW_MS", 2_500)
      .put("ORDERMESH_PAYMENT_PROVIDER_TIMEOUT_MS", 4_000)));
  }

  @AfterAll
  static void stop() throws Exception {
    system.close();
  }

  @Test
  @DisplayName("flags the order for attention: listed for admins, the reason in the timeline, and retried on request")
  void flagsTheOrder() {
    var customer = system.newCustomer();
    var productId = system.product("6.00", 5);
    var placed = await(system.placeOrder(customer, UUID.randomUUID().toString(), orderBody(productId, 1, "tok_slow")))
      .bodyAsJsonObject();
    var id = placed.getString("id");

    OrderTestAwait.until(() -> system.order(customer, id).containsKey("attention"));
    var flagged = system.order(customer, id);
    assertThat(flagged.getString("status")).isEqualTo("CONFIRMED");
    assertThat(flagged.getJsonObject("attention").getString("step")).isEqualTo("commit-stock");
    assertThat(flagged.getJsonObject("attention").getString("reason")).isEqualTo("RESERVATION_EXPIRED");
    assertThat(flagged.getJsonObject("attention").getString("since")).isNotBlank();
    OrderTestAwait.until(() -> system.saga(id).getJsonObject("saga").getBoolean("done"));
    var refused = system.saga(id).getJsonObject("saga").getJsonArray("steps").stream().map(JsonObject.class::cast)
      .filter(step -> "commit-stock".equals(step.getString("step"))).findFirst().orElseThrow();
    assertThat(refused.getString("outcome")).isEqualTo("REFUSED");
    assertThat(refused.getString("detail")).isEqualTo("RESERVATION_EXPIRED");

    var listed = list("?attention=true", system.adminToken());
    assertThat(listed.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("id"))).containsExactly(id);
    assertThat(await(system.request("order", HttpMethod.GET, "/api/v1/orders?attention=true", customer).send())
      .statusCode()).isEqualTo(403);

    var retried = retry(id);
    assertThat(retried.statusCode()).as(retried.bodyAsString()).isEqualTo(202);
    // the catalog's answer does not change: the retry is recorded and the flag stays
    OrderTestAwait.until(() -> system.saga(id).getJsonObject("saga").getJsonArray("steps").stream()
      .map(JsonObject.class::cast).filter(step -> "commit-stock".equals(step.getString("step"))).count() == 2
      && system.saga(id).getJsonObject("saga").getBoolean("done"));
    assertThat(system.order(customer, id).getJsonObject("attention").getString("since"))
      .isEqualTo(flagged.getJsonObject("attention").getString("since"));
    // stock adds up: the expired hold went back to the shelf
    OrderTestAwait.until(() -> system.inventory(productId).getInteger("available") == 5);
  }

  @Test
  @DisplayName("a retry of an order that needs nothing is 409 problem+json, and admins filter by status, reason and customer")
  void retryWithoutAttention() {
    var customer = system.newCustomer();
    var productId = system.product("6.00", 5);
    var placed = await(system.placeOrder(customer, UUID.randomUUID().toString(), orderBody(productId, 1, "tok_declined")))
      .bodyAsJsonObject();
    var id = placed.getString("id");
    assertThat(system.settledOrder(customer, id).getString("reason")).isEqualTo("PAYMENT_DECLINED");

    var refused = retry(id);
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(refused.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(refused.bodyAsJsonObject().getString("type")).endsWith("nothing-to-retry");

    var subject = system.order(customer, id).getString("customerId");
    var found = list("?status=CANCELLED&reason=PAYMENT_DECLINED&customerId=" + subject, system.adminToken());
    assertThat(found.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("id"))).containsExactly(id);
    assertThat(list("?reason=OUT_OF_STOCK&customerId=" + subject, system.adminToken()).getJsonArray("items")).isEmpty();
    assertThat(await(system.request("order", HttpMethod.GET, "/api/v1/orders?reason=banana", system.adminToken()).send())
      .statusCode()).isEqualTo(400);
  }

  private static JsonObject list(String query, String token) {
    var response = await(system.request("order", HttpMethod.GET, "/api/v1/orders" + query, token).send());
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private static io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> retry(String id) {
    return await(system.request("order", HttpMethod.POST, "/api/v1/orders/" + id + "/saga/retry", system.adminToken()).send());
  }
}
