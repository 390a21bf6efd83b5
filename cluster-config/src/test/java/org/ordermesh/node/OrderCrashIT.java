package org.ordermesh.node;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ordermesh.platform.testing.Await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order path's promises across a crash: the packaged node killed with SIGKILL while sagas wait on the
 * slow test card, restarted on the same data. Every order ends, its money and its stock agree with its
 * status, and none is left for an operator.
 */
@DisplayName("the packaged node killed while orders are paid")
class OrderCrashIT {

  private static final Duration STARTUP_LIMIT = Duration.ofSeconds(90);
  private static final Duration SETTLE_LIMIT = Duration.ofSeconds(120);
  private static final String ADMIN_EMAIL = "admin@ordermesh.local";
  private static final String ADMIN_PASSWORD = "correct-horse-battery";
  private static final int ORDERS = 10;
  private static final int STOCK = 100;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private Process process;

  @AfterEach
  void cleanUp() throws Exception {
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("ends every order after a restart: one capture per confirmed order, nothing held for a cancelled one, stock adds up")
  void keepsItsPromisesAcrossAKill(@TempDir Path data) throws Exception {
    ports.putAll(PackagedNode.freePorts());
    process = start(data, data.resolve("first.log"));
    awaitReady();
    var admin = token(ADMIN_EMAIL, ADMIN_PASSWORD);
    var customer = newCustomer();
    var productId = product(admin);

    // half the orders first; once they hold their stock and wait on the slow card, the other half; the node dies as
    // soon as one of the first half is CONFIRMED: some of those are past the pivot with their capture under way or
    // not yet written, the second half still waits on the card
    var ids = new ArrayList<String>();
    place(customer, productId, ORDERS / 2, ids);
    Await.until(SETTLE_LIMIT, () -> inventory(admin, productId).getInteger("reserved") == ORDERS / 2);
    place(customer, productId, ORDERS - ORDERS / 2, ids);
    var firstHalf = List.copyOf(ids.subList(0, ORDERS / 2));
    Await.until(SETTLE_LIMIT, () -> firstHalf.stream().anyMatch(id -> "CONFIRMED".equals(order(admin, id).getString("status"))));
    process.destroyForcibly();
    assertThat(process.waitFor(15, TimeUnit.SECONDS)).isTrue();

    process = start(data, data.resolve("second.log"));
    awaitReady();
    var token = token(ADMIN_EMAIL, ADMIN_PASSWORD);
    Await.until(SETTLE_LIMIT, () -> ids.stream().allMatch(id -> sagaDone(token, id)));
    Await.until(SETTLE_LIMIT, () -> inventory(token, productId).getInteger("reserved") == 0);

    var confirmed = 0;
    for (var id : ids) {
      var order = order(token, id);
      assertThat(order.containsKey("attention")).as("order %s waits for an operator: %s", id, order).isFalse();
      var payments = payments(token, id);
      var captured = payments.stream().map(JsonObject.class::cast).filter(p -> "CAPTURED".equals(p.getString("status"))).count();
      var open = payments.stream().map(JsonObject.class::cast).filter(p -> "AUTHORIZED".equals(p.getString("status"))
        || "PENDING".equals(p.getString("status"))).count();
      if ("CONFIRMED".equals(order.getString("status"))) {
        confirmed++;
        assertThat(captured).as("captures of confirmed order %s: %s", id, payments).isEqualTo(1);
      } else {
        assertThat(order.getString("status")).isEqualTo("CANCELLED");
        assertThat(captured).as("captures of cancelled order %s", id).isZero();
        assertThat(open).as("open authorizations of cancelled order %s: %s", id, payments).isZero();
      }
    }
    assertThat(inventory(token, productId).getInteger("available")).isEqualTo(STOCK - confirmed);
  }

  // an order has settled once its saga ended: a confirmed one has run its last steps too
  private boolean sagaDone(String token, String id) {
    return new JsonObject(get("/api/v1/orders/" + id + "/saga", token)).getJsonObject("saga").getBoolean("done");
  }

  private Process start(Path data, Path log) throws IOException {
    var command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-Xmx512m", "-jar", System.getProperty("ordermesh.node.jar"));
    var builder = new ProcessBuilder(command).redirectErrorStream(false)
      .redirectOutput(log.toFile()).redirectError(data.resolve("stderr.log").toFile());
    builder.environment().put("ORDERMESH_DATA", data.resolve("node").toString());
    builder.environment().put("ORDERMESH_ADMIN_PASSWORD", ADMIN_PASSWORD);
    builder.environment().put("ORDERMESH_PAYMENT_SLOW_MS", "6000");
    builder.environment().put("ORDERMESH_PAYMENT_TIMEOUT_MS", "9000");
    builder.environment().put("ORDERMESH_PAYMENT_PROVIDER_TIMEOUT_MS", "8000");
    // the dead node's leases lapse soon, so the restarted node takes its sagas over quickly
    builder.environment().put("ORDERMESH_SAGA_LEASE_SECONDS", "4");
    builder.environment().put("ORDERMESH_SAGA_RESUME_MS", "500");
    ports.forEach((key, value) -> builder.environment().put(key, String.valueOf(value)));
    return builder.start();
  }

  private void awaitReady() {
    for (var service : List.of("GATEWAY", "AUTH", "CATALOG", "ORDER", "PAYMENT")) {
      Await.until(STARTUP_LIMIT, () -> process.isAlive() && status(port(service)) == 200);
    }
  }

  private void place(String customer, String productId, int count, List<String> ids) throws Exception {
    for (var i = 0; i < count; i++) {
      var placed = send("POST", "/api/v1/orders", customer, orderBody(productId), UUID.randomUUID().toString());
      assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);
      ids.add(new JsonObject(placed.body()).getString("id"));
    }
  }

  private String newCustomer() throws Exception {
    var email = "crash-" + UUID.randomUUID() + "@order.test";
    var registered = send("POST", "/api/v1/auth/register", null,
      new JsonObject().put("email", email).put("password", "customer-password").put("name", "Customer"), null);
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    return token(email, "customer-password");
  }

  private String token(String email, String password) throws Exception {
    var response = send("POST", "/api/v1/auth/token", null,
      new JsonObject().put("grant_type", "password").put("email", email).put("password", password), null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body()).getString("access_token");
  }

  private String product(String admin) throws Exception {
    var created = send("POST", "/api/v1/products", admin, new JsonObject().put("name", "Crash widget")
      .put("description", "for the crash test").put("category", "tests").put("price", 4.5).put("currency", "EUR")
      .put("sku", "SKU-" + UUID.randomUUID().toString().substring(0, 12)).put("attributes", new JsonObject()), null);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    var id = new JsonObject(created.body()).getString("id");
    var adjusted = send("POST", "/api/v1/inventory/" + id + "/adjustments", admin,
      new JsonObject().put("delta", STOCK).put("reason", "initial stock"), null);
    assertThat(adjusted.statusCode()).as(adjusted.body()).isLessThan(300);
    return id;
  }

  private static JsonObject orderBody(String productId) {
    return new JsonObject()
      .put("items", new JsonArray().add(new JsonObject().put("productId", productId).put("quantity", 1)))
      .put("paymentMethod", "tok_slow")
      .put("shippingAddress", new JsonObject().put("name", "Ada Lovelace").put("line1", "1 Analytical Way")
        .put("city", "London").put("postalCode", "N1 1AA").put("country", "GB"));
  }

  private JsonObject order(String token, String id) {
    return new JsonObject(get("/api/v1/orders/" + id, token));
  }

  private JsonObject inventory(String token, String productId) {
    return new JsonObject(get("/api/v1/inventory/" + productId, token));
  }

  private JsonArray payments(String token, String orderId) {
    return new JsonObject(get("/api/v1/payments?orderId=" + orderId, token)).getJsonArray("items");
  }

  private String get(String path, String token) {
    try {
      var response = send("GET", path, token, null, null);
      assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> send(String method, String path, String token, JsonObject body, String key)
    throws IOException, InterruptedException {
    var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port("GATEWAY") + path))
      .timeout(Duration.ofSeconds(15))
      .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (key != null) {
      request.header("Idempotency-Key", key);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private int status(int port) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private int port(String name) {
    return ports.get("ORDERMESH_" + name + "_PORT");
  }
}
