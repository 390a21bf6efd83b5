package org.ordermesh.order;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.ordermesh.order.support.OrderSystem;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordermesh.order.support.OrderSystem.await;
import static org.ordermesh.order.support.OrderSystem.orderBody;

@DisplayName("the orders API")
class OrderHttpTest {

  private static OrderSystem system;
  private static String customer;
  private static String productId;

  @BeforeAll
  static void start() {
    system = OrderSystem.start(OrderSystem.settings(new JsonObject()));
    customer = system.newCustomer();
    productId = system.product("2.00", 1_000);
  }

  @AfterAll
  static void stop() throws Exception {
    system.close();
  }

  private static HttpResponse<Buffer> post(String token, String key, JsonObject body) {
    return await(system.placeOrder(token, key, body));
  }

  @Nested
  @DisplayName("with an Idempotency-Key")
  class Idempotency {

    @Test
    @DisplayName("makes one order of 30 concurrent posts of one key; the others are told to retry or get the same answer")
    void concurrentPostsMakeOneOrder() {
      var key = UUID.randomUUID().toString();
      var body = orderBody(productId, 1, "tok_visa");

      var responses = IntStream.range(0, 30).mapToObj(i -> system.placeOrder(customer, key, body)).toList()
        .stream().map(OrderSystem::await).toList();

      var ids = new HashSet<String>();
      responses.forEach(response -> {
        assertThat(response.statusCode()).isIn(202, 409);
        if (response.statusCode() == 202) {
          ids.add(response.bodyAsJsonObject().getString("id"));
        } else {
          assertThat(response.getHeader("Retry-After")).isNotBlank();
          assertThat(response.getHeader("content-type")).startsWith("application/problem+json");
        }
      });
      assertThat(ids).hasSize(1);
      var mine = await(system.request("order", HttpMethod.GET, "/api/v1/orders?limit=100", customer).send())
        .bodyAsJsonObject().getJsonArray("items");
      assertThat(mine.stream().map(JsonObject.class::cast).filter(o -> ids.contains(o.getString("id")))).hasSize(1);
    }

    @Test
    @DisplayName("answers a replay with the same status and body, marked Idempotent-Replayed")
    void replays() {
      var key = UUID.randomUUID().toString();
      var first = post(customer, key, orderBody(productId, 2, "tok_visa"));
      var again = post(customer, key, orderBody(productId, 2, "tok_visa"));

      assertThat(again.statusCode()).isEqualTo(first.statusCode()).isEqualTo(202);
      assertThat(again.bodyAsString()).isEqualTo(first.bodyAsString());
      assertThat(again.getHeader("Location")).isEqualTo(first.getHeader("Location"));
      assertThat(again.getHeader("Idempotent-Replayed")).isEqualTo("true");
    }

    @Test
    @DisplayName("refuses the same key with another body with 422")
    void otherBody() {
      var key = UUID.randomUUID().toString();
      post(customer, key, orderBody(productId, 1, "tok_visa"));

      var reused = post(customer, key, orderBody(productId, 5, "tok_visa"));

      assertThat(reused.statusCode()).isEqualTo(422);
      assertThat(reused.bodyAsJsonObject().getString("type")).endsWith("/idempotency-key-reused");
    }

    @Test
    @DisplayName("scopes keys to the caller: another customer's same key is a new order")
    void scopedToCaller() {
      var key = UUID.randomUUID().toString();
      var mine = post(customer, key, orderBody(productId, 1, "tok_visa"));
      var theirs = post(system.newCustomer(), key, orderBody(productId, 1, "tok_visa"));

      assertThat(theirs.statusCode()).isEqualTo(202);
      assertThat(theirs.bodyAsJsonObject().getString("id")).isNotEqualTo(mine.bodyAsJsonObject().getString("id"));
    }

    @Test
    @DisplayName("is not used up by a request refused before anything was written")
    void refusalLeavesNoKey() {
      var key = UUID.randomUUID().toString();
      var refused = post(customer, key, orderBody("no-such-product", 1, "tok_visa"));

      var corrected = post(customer, key, orderBody(productId, 1, "tok_visa"));

      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(corrected.statusCode()).isEqualTo(202);
      assertThat(corrected.getHeader("Idempotent-Replayed")).isNull();
    }

    @Test
    @DisplayName("is required: 1 to 255 visible characters")
    void required() {
      var missing = await(system.request("order", HttpMethod.POST, "/api/v1/orders", customer)
        .sendJsonObject(orderBody(productId, 1, "tok_visa")));
      var tooLong = post(customer, "k".repeat(256), orderBody(productId, 1, "tok_visa"));

      assertThat(missing.statusCode()).isEqualTo(400);
      assertThat(tooLong.statusCode()).isEqualTo(400);
      assertThat(missing.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("Idempotency-Key");
    }
  }

  @Nested
  @DisplayName("placing an order")
  class Placing {

    @Test
    @DisplayName("takes prices and names from the catalog and computes the totals itself")
    void snapshotsPrices() {
      var body = orderBody(productId, 3, "tok_visa");
      body.getJsonArray("items").getJsonObject(0).put("unitPrice", 0.01);

      var rejected = post(customer, UUID.randomUUID().toString(), body);
      var placed = post(customer, UUID.randomUUID().toString(), orderBody(productId, 3, "tok_visa"));

      assertThat(rejected.statusCode()).isEqualTo(400);
      var order = placed.bodyAsJsonObject();
      assertThat(placed.getHeader("Location")).isEqualTo("/api/v1/orders/" + order.getString("id"));
      assertThat(order.getJsonArray("items").getJsonObject(0).getValue("unitPrice").toString()).isIn("2", "2.0", "2.00");
      assertThat(order.getValue("total").toString()).isIn("6", "6.0", "6.00");
      assertThat(order.getString("currency")).isEqualTo("EUR");
    }

    @Test
    @DisplayName("rejects unknown products, bad quantities, $ keys and missing fields with field errors")
    void rejectsBadInput() {
      var unknown = post(customer, UUID.randomUUID().toString(), orderBody("no-such-product", 1, "tok_visa"));
      var zero = post(customer, UUID.randomUUID().toString(), orderBody(productId, 0, "tok_visa"));
      var operator = orderBody(productId, 1, "tok_visa");
      operator.getJsonObject("shippingAddress").put("$where", "1");
      var withOperator = post(customer, UUID.randomUUID().toString(), operator);
      var incomplete = post(customer, UUID.randomUUID().toString(), new JsonObject().put("items", new JsonArray()));

      assertThat(unknown.statusCode()).isEqualTo(400);
      assertThat(unknown.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("items.0.productId");
      assertThat(zero.statusCode()).isEqualTo(400);
      assertThat(zero.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("items.0.quantity");
      assertThat(withOperator.statusCode()).isEqualTo(400);
      assertThat(incomplete.statusCode()).isEqualTo(400);
      assertThat(incomplete.getHeader("content-type")).startsWith("application/problem+json");
    }

    @Test
    @DisplayName("needs a customer's token")
    void needsAToken() {
      var anonymous = await(system.request("order", HttpMethod.POST, "/api/v1/orders", null)
        .putHeader("Idempotency-Key", "k").sendJsonObject(orderBody(productId, 1, "tok_visa")));

      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.getHeader("WWW-Authenticate")).startsWith("Bearer");
    }
  }

  @Nested
  @DisplayName("reading orders")
  class Reading {

    @Test
    @DisplayName("shows a customer only their own orders; another customer gets 404")
    void ownOrdersOnly() {
      var placed = post(customer, UUID.randomUUID().toString(), orderBody(productId, 1, "tok_visa")).bodyAsJsonObject();
      var stranger = system.newCustomer();

      var theirs = await(system.request("order", HttpMethod.GET, "/api/v1/orders/" + placed.getString("id"), stranger).send());
      var theirList = await(system.request("order", HttpMethod.GET, "/api/v1/orders", stranger).send());
      var admin = await(system.request("order", HttpMethod.GET, "/api/v1/orders/" + placed.getString("id"),
        system.adminToken()).send());

      assertThat(theirs.statusCode()).isEqualTo(404);
      assertThat(theirList.bodyAsJsonObject().getJsonArray("items")).isEmpty();
      assertThat(admin.statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("pages a customer's orders by cursor, newest first, each exactly once")
    void pagesByCursor() {
      var shopper = system.newCustomer();
      var placed = new HashSet<String>();
      for (var i = 0; i < 7; i++) {
        placed.add(post(shopper, UUID.randomUUID().toString(), orderBody(productId, 1, "tok_visa"))
          .bodyAsJsonObject().getString("id"));
      }

      var seen = new java.util.ArrayList<String>();
      var path = "/api/v1/orders?limit=3";
      while (path != null) {
        var page = await(system.request("order", HttpMethod.GET, path, shopper).send()).bodyAsJsonObject();
        page.getJsonArray("items").forEach(item -> seen.add(((JsonObject) item).getString("id")));
        var cursor = page.getString("nextCursor");
        path = cursor == null ? null : "/api/v1/orders?limit=3&cursor=" + cursor;
      }

      assertThat(seen).hasSize(7).doesNotHaveDuplicates();
      assertThat(new HashSet<>(seen)).isEqualTo(placed);
    }

    @Test
    @DisplayName("streams status changes as server-sent events until the order settles")
    void streamsEvents() {
      var placed = post(customer, UUID.randomUUID().toString(), orderBody(productId, 1, "tok_slow")).bodyAsJsonObject();

      var stream = await(system.request("order", HttpMethod.GET, "/api/v1/orders/" + placed.getString("id") + "/events",
        customer).send());

      assertThat(stream.getHeader("content-type")).startsWith("text/event-stream");
      assertThat(stream.bodyAsString()).contains("id: 1\nevent: status\n").contains("\"status\":\"PENDING\"")
        .contains("id: 2\nevent: status\n").contains("\"status\":\"CONFIRMED\"");
      var resumed = await(system.request("order", HttpMethod.GET, "/api/v1/orders/" + placed.getString("id") + "/events",
        customer).putHeader("Last-Event-ID", "1").send());
      assertThat(resumed.bodyAsString()).doesNotContain("\"status\":\"PENDING\"").contains("\"status\":\"CONFIRMED\"");
      // the live stream sent the confirmation from this node's notice, the resumed one read it from the order
      assertThat(events(stream.bodyAsString())).hasSize(2).last().isEqualTo(events(resumed.bodyAsString()).get(0));
    }

    private static List<String> events(String stream) {
      return Arrays.stream(stream.split("\n\n")).filter(event -> event.contains("event: status")).toList();
    }

    @Test
    @DisplayName("reports sales per day and product to admins only")
    void salesReport() {
      var placed = post(customer, UUID.randomUUID().toString(), orderBody(productId, 4, "tok_visa")).bodyAsJsonObject();
      system.settledOrder(customer, placed.getString("id"));
      var from = Instant.now().truncatedTo(ChronoUnit.DAYS);
      var path = "/api/v1/reports/sales?from=" + from + "&to=" + from.plus(1, ChronoUnit.DAYS) + "&granularity=day";

      var report = await(system.request("order", HttpMethod.GET, path, system.adminToken()).send());
      var forbidden = await(system.request("order", HttpMethod.GET, path, customer).send());
      var badRange = await(system.request("order", HttpMethod.GET, "/api/v1/reports/sales?from=yesterday",
        system.adminToken()).send());

      assertThat(report.statusCode()).as(report.bodyAsString()).isEqualTo(200);
      var product = report.bodyAsJsonObject().getJsonArray("products").stream().map(JsonObject.class::cast)
        .filter(row -> productId.equals(row.getString("productId"))).findFirst().orElseThrow();
      assertThat(product.getInteger("units")).isGreaterThanOrEqualTo(4);
      assertThat(report.bodyAsJsonObject().getJsonArray("days")).isNotEmpty();
      assertThat(forbidden.statusCode()).isEqualTo(403);
      assertThat(badRange.statusCode()).isEqualTo(400);
    }
  }
}
