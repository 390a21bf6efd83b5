package org.ordermesh.node;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ordermesh.platform.inbox.DeadLetterHeaders;
import org.ordermesh.platform.testing.Await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's console in a real browser: the packaged node started as a process (as {@link NodeProcessIT}
 * does), orders placed through its API, then {@code console-scenario.mjs} driving Debian's headless Chromium
 * through the console with playwright-core. Screenshots of every page land in
 * {@code target/console-screenshots}.
 */
@DisplayName("the operator's console in a browser")
class ConsoleBrowserIT {

  private static final Duration STARTUP_LIMIT = Duration.ofSeconds(90);
  private static final Duration SAGA_LIMIT = Duration.ofSeconds(60);
  private static final long SCENARIO_LIMIT_SECONDS = 240;
  private static final String ADMIN_EMAIL = "admin@ordermesh.local";
  private static final String ADMIN_PASSWORD = "console-it-password";
  private static final String PAYMENT_EVENTS = "payment.events.v1";
  // a test card whose capture the simulated provider refuses, so the step after the pivot needs attention
  private static final String CAPTURE_REFUSED_CARD = "tok_capture_refused";

  private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Map<String, Integer> ports = new LinkedHashMap<>();
  @TempDir
  static Path data;
  private static Process node;
  private static String customerToken;

  @BeforeAll
  static void startNode() throws Exception {
    for (var key : List.of("GATEWAY", "AUTH", "CATALOG", "ORDER", "PAYMENT", "EMBEDDED_MONGO", "EMBEDDED_KAFKA")) {
      ports.put("ORDERMESH_" + key + "_PORT", freePort());
    }
    var command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-Xmx512m", "-jar", System.getProperty("ordermesh.node.jar"));
    var builder = new ProcessBuilder(command)
      .redirectOutput(data.resolve("node.log").toFile()).redirectError(data.resolve("stderr.log").toFile());
    builder.environment().put("ORDERMESH_DATA", data.resolve("node").toString());
    builder.environment().put("ORDERMESH_ADMIN_PASSWORD", ADMIN_PASSWORD);
    ports.forEach((key, value) -> builder.environment().put(key, String.valueOf(value)));
    node = builder.start();
    Await.until(STARTUP_LIMIT, () -> node.isAlive() && status("/health/ready") == 200
      && status("/api/v1/products/demo-mug") == 200);
    customerToken = customerToken();
  }

  @AfterAll
  static void stopNode() throws Exception {
    if (node != null) {
      node.destroy();
      if (!node.waitFor(20, TimeUnit.SECONDS)) {
        node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  @DisplayName("signs in, finds a placed order and its timeline, a declined one under its reason, and replays a dead letter that is then handled")
  void operatesOrdersAndDeadLetters() throws Exception {
    var confirmed = placeOrder("tok_visa");
    var declined = placeOrder("tok_declined");
    assertThat(awaitEnd(confirmed).getString("status")).isEqualTo("CONFIRMED");
    assertThat(awaitEnd(declined).getString("reason")).isEqualTo("PAYMENT_DECLINED");
    deadLetterRefund(confirmed, 1000);

    runScenario("main", Map.of("ORDER_CONFIRMED", confirmed, "ORDER_DECLINED", declined,
      "DLQ_TOPIC", PAYMENT_EVENTS + ".dlq", "EXPECTED_REFUNDED", "10.00"));
  }

  @Test
  @DisplayName("shows an order whose capture was refused as needing attention, with the retry of its step")
  void showsOrdersNeedingAttention() throws Exception {
    var confirmed = placeOrder("tok_visa");
    awaitEnd(confirmed);
    var attentionList = get("/api/v1/orders?attention=true&limit=100", adminToken());
    // the attention flag comes with the order-path work: until it is merged, the order service ignores the filter
    Assumptions.assumeTrue(attentionList.statusCode() == 200 && !ids(attentionList).contains(confirmed),
      "the order service on this branch has no attention list (GET /api/v1/orders?attention=true)");

    var flagged = placeOrder(CAPTURE_REFUSED_CARD);
    Await.until(SAGA_LIMIT, () -> order(flagged).containsKey("attention"));

    runScenario("attention", Map.of("ORDER_FLAGGED", flagged));
  }

  private static void runScenario(String scenario, Map<String, String> inputs) throws Exception {
    var dir = Path.of(System.getProperty("ordermesh.console.tests"));
    var log = dir.resolve(scenario + ".log");
    var builder = new ProcessBuilder("node", "console-scenario.mjs", scenario).directory(dir.toFile())
      .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(inputs);
    builder.environment().put("CONSOLE_BASE_URL", "http://127.0.0.1:" + ports.get("ORDERMESH_GATEWAY_PORT"));
    builder.environment().put("ADMIN_EMAIL", ADMIN_EMAIL);
    builder.environment().put("ADMIN_PASSWORD", ADMIN_PASSWORD);
    builder.environment().put("SCREENSHOTS", System.getProperty("ordermesh.console.screenshots"));
    builder.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    var process = builder.start();
    var ended = process.waitFor(SCENARIO_LIMIT_SECONDS, TimeUnit.SECONDS);
    if (!ended) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    assertThat(ended && process.exitValue() == 0)
      .as("scenario %s passed; its output:%n%s", scenario, Files.readString(log)).isTrue();
  }

  private static String placeOrder(String paymentMethod) throws Exception {
    var body = new JsonObject()
      .put("items", new JsonArray().add(new JsonObject().put("productId", "demo-mug").put("quantity", 2)))
      .put("paymentMethod", paymentMethod)
      .put("shippingAddress", new JsonObject().put("name", "Ada Console").put("line1", "1 Test Street")
        .put("city", "Lyon").put("postalCode", "69001").put("country", "FR"));
    var response = http.send(HttpRequest.newBuilder(uri("/api/v1/orders"))
      .header("Authorization", "Bearer " + customerToken).header("Content-Type", "application/json")
      .header("Idempotency-Key", UUID.randomUUID().toString())
      .POST(HttpRequest.BodyPublishers.ofString(body.encode())).timeout(Duration.ofSeconds(30)).build(),
      HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return new JsonObject(response.body()).getString("id");
  }

  private static JsonObject awaitEnd(String orderId) {
    Await.until(SAGA_LIMIT, () -> !"PENDING".equals(order(orderId).getString("status")));
    return order(orderId);
  }

  private static JsonObject order(String orderId) {
    var response = get("/api/v1/orders/" + orderId, customerToken);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  // a refund event as the order service's inbox dead-letters it when its handler keeps failing: written here,
  // since no handler of the packaged node can be made to fail from outside (docs/console.md)
  private static void deadLetterRefund(String orderId, long refundedMinor) throws Exception {
    var event = new JsonObject().put("specversion", "1.0").put("id", UUID.randomUUID().toString())
      .put("type", "org.ordermesh.payment.PaymentRefunded.v1").put("source", "/ordermesh/payment")
      .put("subject", orderId).put("time", "2026-12-03T10:00:00Z").put("datacontenttype", "application/json")
      .put("data", new JsonObject().put("paymentId", "pay_" + orderId).put("orderId", orderId)
        .put("customerId", "console-it").put("amountMinor", 2400).put("currency", "EUR")
        .put("status", "PARTIALLY_REFUNDED").put("refundedMinor", refundedMinor));
    var vertx = Vertx.vertx();
    try {
      var producer = KafkaProducer.<String, String>create(vertx, Map.of(
        "bootstrap.servers", "127.0.0.1:" + ports.get("ORDERMESH_EMBEDDED_KAFKA_PORT"),
        "key.serializer", "org.apache.kafka.common.serialization.StringSerializer",
        "value.serializer", "org.apache.kafka.common.serialization.StringSerializer", "acks", "all"));
      var letter = KafkaProducerRecord.create(PAYMENT_EVENTS + ".dlq", orderId, event.encode())
        .addHeader(DeadLetterHeaders.ERROR, "handler failed: order store unavailable")
        .addHeader(DeadLetterHeaders.EXCEPTION, "io.vertx.ext.mongo.MongoException")
        .addHeader(DeadLetterHeaders.ATTEMPTS, "4")
        .addHeader(DeadLetterHeaders.TOPIC, PAYMENT_EVENTS)
        .addHeader(DeadLetterHeaders.PARTITION, "0")
        .addHeader(DeadLetterHeaders.OFFSET, "0")
        .addHeader(DeadLetterHeaders.GROUP, "ordermesh_order.payment-refunds");
      producer.send(letter).await(30, TimeUnit.SECONDS);
      producer.close().await(10, TimeUnit.SECONDS);
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  private static String customerToken() throws Exception {
    var email = "console-" + UUID.randomUUID().toString().substring(0, 8) + "@ordermesh.test";
    var registered = post("/api/v1/auth/register",
      new JsonObject().put("email", email).put("password", "customer-password-1").put("name", "Ada Console"));
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    return token(email, "customer-password-1");
  }

  private static String adminToken() throws Exception {
    return token(ADMIN_EMAIL, ADMIN_PASSWORD);
  }

  private static String token(String email, String password) throws Exception {
    var response = post("/api/v1/auth/token",
      new JsonObject().put("grant_type", "password").put("email", email).put("password", password));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body()).getString("access_token");
  }

  private static List<String> ids(HttpResponse<String> page) {
    return new JsonObject(page.body()).getJsonArray("items").stream()
      .map(item -> ((JsonObject) item).getString("id")).toList();
  }

  private static HttpResponse<String> post(String path, JsonObject body) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
      .POST(HttpRequest.BodyPublishers.ofString(body.encode())).timeout(Duration.ofSeconds(30)).build(),
      HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path, String token) {
    try {
      return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError("GET " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static int status(String path) {
    try {
      return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + ports.get("ORDERMESH_GATEWAY_PORT") + path);
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
