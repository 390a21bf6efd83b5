package org.ordermesh.node.admin;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.ordermesh.auth.AuthService;
import org.ordermesh.embedded.SharedInfra;
import org.ordermesh.node.gateway.GatewayVerticle;
import org.ordermesh.platform.inbox.DeadLetterHeaders;
import org.ordermesh.platform.outbox.ReliableProducer;
import org.ordermesh.platform.outbox.TopicRecords;
import org.ordermesh.platform.peer.PeerClient;
import org.ordermesh.platform.peer.PeerOptions;
import org.ordermesh.platform.testing.Await;
import org.ordermesh.platform.testing.TestNode;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("the gateway's admin endpoints")
class AdminRoutesTest {

  private static final String ADMIN_EMAIL = "admin@admin-routes.test";
  private static final String ADMIN_PASSWORD = "admin-routes-password-1";
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
  private static final String TOPIC = "admin.test." + SUFFIX;
  private static final String DLQ = TOPIC + ".dlq";

  private static TestNode node;
  private static WebClient client;
  private static KafkaProducer<String, String> producer;
  private static String adminToken;
  private static String customerToken;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.start(new JsonObject()
      .put("ORDERMESH_GATEWAY_PORT", freePort())
      .put("ORDERMESH_SERVICES", "auth")
      .put("ORDERMESH_AUTH_DATABASE", "auth_admin_" + SUFFIX)
      .put("ORDERMESH_ADMIN_EMAIL", ADMIN_EMAIL)
      .put("ORDERMESH_ADMIN_PASSWORD", ADMIN_PASSWORD));
    var vertx = node.vertx();
    new AuthService().deploy(vertx, node.settings()).await(30, TimeUnit.SECONDS);
    vertx.deployVerticle(NodeAgentVerticle::new, new DeploymentOptions().setConfig(node.settings()))
      .await(10, TimeUnit.SECONDS);
    vertx.deployVerticle(GatewayVerticle::new, new DeploymentOptions().setConfig(node.settings()))
      .await(10, TimeUnit.SECONDS);
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
      .setDefaultPort(node.settings().getInteger("ORDERMESH_GATEWAY_PORT")));
    producer = ReliableProducer.create(vertx, SharedInfra.kafkaBootstrapServers(), "admin-test-" + SUFFIX);
    adminToken = token(ADMIN_EMAIL, ADMIN_PASSWORD);
    var customer = "customer-" + SUFFIX + "@admin-routes.test";
    var registered = send(HttpMethod.POST, "/api/v1/auth/register", null,
      new JsonObject().put("email", customer).put("password", "customer-password-1").put("name", "Customer"));
    assertThat(registered.statusCode()).isEqualTo(201);
    customerToken = token(customer, "customer-password-1");
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  @Test
  @DisplayName("answer 401 without a token and 403 to a customer, with problem+json")
  void requireAnAdmin() throws Exception {
    var anonymous = send(HttpMethod.GET, "/api/v1/admin/flow", null, null);
    var customer = send(HttpMethod.POST, "/api/v1/admin/dead-letters/" + DLQ + "/replay", customerToken, null);

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.getHeader("WWW-Authenticate")).startsWith("Bearer");
    assertThat(customer.statusCode()).isEqualTo(403);
    assertThat(customer.getHeader("content-type")).startsWith("application/problem+json");
  }

  @Test
  @DisplayName("list every admin path in the merged OpenAPI document the gateway serves")
  void documentedInOpenApi() throws Exception {
    var document = send(HttpMethod.GET, "/api/v1/openapi.json", null, null).bodyAsJsonObject();

    assertThat(document.getJsonObject("paths").fieldNames()).contains(
      "/api/v1/admin/flow", "/api/v1/admin/cluster", "/api/v1/admin/dead-letters", "/api/v1/admin/dead-letters/{topic}",
      "/api/v1/admin/dead-letters/{topic}/replay", "/api/v1/admin/dead-letters/{topic}/{partition}/{offset}/replay");
  }

  @Test
  @DisplayName("serve the console's page from the jar, with a policy that allows no other origin")
  void serveTheConsole() throws Exception {
    var redirect = client.get("/console").followRedirects(false).send().await(10, TimeUnit.SECONDS);
    var page = send(HttpMethod.GET, "/console/", null, null);
    var script = send(HttpMethod.GET, "/console/js/api.js", null, null);

    assertThat(redirect.statusCode()).isEqualTo(302);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.bodyAsString()).contains("ordermesh console");
    assertThat(page.getHeader("Content-Security-Policy")).startsWith("default-src 'self'");
    assertThat(script.bodyAsString()).doesNotContain("localStorage.setItem").doesNotContain("sessionStorage");
  }

  @Test
  @DisplayName("count the order flow heard on order.status: rates by status, sagas in flight, cancellations by reason")
  void orderFlow() throws Exception {
    var bus = node.vertx().eventBus();
    bus.publish("order.status", change("o-1", "PENDING", null));
    bus.publish("order.status", change("o-2", "PENDING", null));
    bus.publish("order.status", change("o-3", "PENDING", null));
    bus.publish("order.status", change("o-1", "CONFIRMED", null));
    bus.publish("order.status", change("o-2", "CANCELLED", "PAYMENT_DECLINED"));

    Await.until(WAIT, () -> flow().getJsonObject("statusChangesSinceStart").getInteger("CANCELLED", 0) == 1);
    var flow = flow();
    assertThat(flow.getInteger("sagasInFlight")).isEqualTo(1);
    assertThat(flow.getJsonObject("cancellationsByReason").getInteger("PAYMENT_DECLINED")).isEqualTo(1);
    assertThat(flow.getJsonObject("ordersPerSecond").getDouble("PENDING")).isPositive();
  }

  @Test
  @DisplayName("show this node with what it runs and publishes, each server's readiness and its breakers per peer")
  void cluster() throws Exception {
    PeerClient.create(node.vertx(), PeerOptions.defaults("catalog.products"));

    var cluster = send(HttpMethod.GET, "/api/v1/admin/cluster", adminToken, null);

    assertThat(cluster.statusCode()).isEqualTo(200);
    var member = cluster.bodyAsJsonObject().getJsonArray("members").getJsonObject(0);
    assertThat(member.getString("node")).isEqualTo(node.runtime().config().nodeId());
    assertThat(member.getBoolean("reachable")).isTrue();
    assertThat(member.getJsonArray("services").getList()).containsExactly("auth");
    assertThat(member.getJsonArray("readiness").stream().map(server -> ((JsonObject) server).getString("server")))
      .containsExactlyInAnyOrder("gateway", "auth");
    var breaker = member.getJsonArray("breakers").stream().map(JsonObject.class::cast)
      .filter(peer -> "catalog.products".equals(peer.getString("peer"))).findFirst().orElseThrow();
    assertThat(breaker.getString("state")).isEqualTo("CLOSED");
    assertThat(breaker.getLong("failures")).isZero();
    assertThat(member.getJsonArray("published").stream().map(record -> ((JsonObject) record).getString("name")))
      .contains("auth");
  }

  @Nested
  @DisplayName("for dead letters")
  class DeadLetters {

    @Test
    @DisplayName("list the topic with its count and each letter with its error, and replay one back to its topic marked as a replay")
    void listAndReplayOne() throws Exception {
      var event = new JsonObject().put("specversion", "1.0").put("id", UUID.randomUUID().toString()).put("type", "t.v1");
      deadLetter("k-1", event.encode());
      try (var original = TopicRecords.of(node.vertx(), TOPIC)) {
        Await.until(WAIT, () -> count(DLQ) >= 1);

        var letters = send(HttpMethod.GET, "/api/v1/admin/dead-letters/" + DLQ, adminToken, null).bodyAsJsonObject()
          .getJsonArray("items");
        var letter = letters.stream().map(JsonObject.class::cast)
          .filter(item -> event.getString("id").equals(item.getString("eventId"))).findFirst().orElseThrow();
        assertThat(letter.getString("error")).isEqualTo("boom");
        assertThat(letter.getString("attempts")).isEqualTo("4");
        var replayed = send(HttpMethod.POST, "/api/v1/admin/dead-letters/" + DLQ + "/" + letter.getInteger("partition")
          + "/" + letter.getLong("offset") + "/replay", adminToken, null);

        assertThat(replayed.statusCode()).isEqualTo(202);
        assertThat(replayed.bodyAsJsonObject().getJsonArray("replayed").getJsonObject(0).getJsonObject("replayedTo")
          .getString("topic")).isEqualTo(TOPIC);
        Await.until(WAIT, () -> !original.all().isEmpty());
        var copy = original.all().get(0);
        assertThat(copy.key()).isEqualTo("k-1");
        assertThat(new JsonObject(copy.value())).isEqualTo(event);
        assertThat(TopicRecords.header(copy, DeadLetterHeaders.REPLAY)).isEqualTo(String.valueOf(letter.getLong("offset")));
        assertThat(TopicRecords.header(copy, DeadLetterHeaders.ERROR)).isNull();
        assertThat(TopicRecords.header(copy, "traceparent")).isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
      }
    }

    @Test
    @DisplayName("replay every letter of a topic, oldest first")
    void replayAll() throws Exception {
      var topic = "admin.all." + UUID.randomUUID().toString().substring(0, 8);
      deadLetterTo(topic, "a", "first");
      deadLetterTo(topic, "a", "second");
      try (var original = TopicRecords.of(node.vertx(), topic)) {
        Await.until(WAIT, () -> count(topic + ".dlq") == 2);

        var replayed = send(HttpMethod.POST, "/api/v1/admin/dead-letters/" + topic + ".dlq/replay", adminToken, null);

        assertThat(replayed.statusCode()).isEqualTo(202);
        assertThat(replayed.bodyAsJsonObject().getJsonArray("replayed")).hasSize(2);
        Await.until(WAIT, () -> original.all().size() == 2);
        assertThat(original.all().stream().map(record -> record.value())).containsExactly("first", "second");
      }
    }

    @Test
    @DisplayName("refuse a topic that is no dead-letter topic (400) and a letter that does not exist (404), replaying nothing")
    void badInput() throws Exception {
      var notDlq = send(HttpMethod.POST, "/api/v1/admin/dead-letters/orders.v1/replay", adminToken, null);
      var badOffset = send(HttpMethod.POST, "/api/v1/admin/dead-letters/" + DLQ + "/0/minus-one/replay", adminToken, null);
      var missingTopic = send(HttpMethod.GET, "/api/v1/admin/dead-letters/never." + SUFFIX + ".dlq", adminToken, null);
      deadLetter("k-2", "{}");
      Await.until(WAIT, () -> count(DLQ) >= 1);
      var missingOffset = send(HttpMethod.POST, "/api/v1/admin/dead-letters/" + DLQ + "/0/999999/replay", adminToken, null);

      assertThat(notDlq.statusCode()).isEqualTo(400);
      assertThat(notDlq.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("topic");
      assertThat(badOffset.statusCode()).isEqualTo(400);
      assertThat(badOffset.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("offset");
      assertThat(missingTopic.statusCode()).isEqualTo(404);
      assertThat(missingOffset.statusCode()).isEqualTo(404);
      assertThat(missingOffset.getHeader("content-type")).startsWith("application/problem+json");
    }
  }

  private static JsonObject flow() {
    return send(HttpMethod.GET, "/api/v1/admin/flow", adminToken, null).bodyAsJsonObject();
  }

  private static long count(String dlq) {
    var topics = send(HttpMethod.GET, "/api/v1/admin/dead-letters", adminToken, null).bodyAsJsonObject().getJsonArray("topics");
    return topics.stream().map(JsonObject.class::cast).filter(topic -> dlq.equals(topic.getString("topic")))
      .mapToLong(topic -> topic.getLong("count")).sum();
  }

  private static JsonObject change(String orderId, String status, String reason) {
    var change = new JsonObject().put("v", 1).put("orderId", orderId).put("status", status);
    return reason == null ? change : change.put("reason", reason);
  }

  // a dead letter as the inbox writes one (DeadLetters): made here, since no handler of this test fails
  private static void deadLetter(String key, String value) throws Exception {
    deadLetterTo(TOPIC, key, value);
  }

  private static void deadLetterTo(String topic, String key, String value) throws Exception {
    var letter = KafkaProducerRecord.create(topic + ".dlq", key, value)
      .addHeader("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
      .addHeader(DeadLetterHeaders.ERROR, "boom")
      .addHeader(DeadLetterHeaders.EXCEPTION, "java.lang.IllegalStateException")
      .addHeader(DeadLetterHeaders.ATTEMPTS, "4")
      .addHeader(DeadLetterHeaders.TOPIC, topic)
      .addHeader(DeadLetterHeaders.PARTITION, "0")
      .addHeader(DeadLetterHeaders.OFFSET, "7")
      .addHeader(DeadLetterHeaders.GROUP, "admin-test");
    producer.send(letter).await(30, TimeUnit.SECONDS);
  }

  private static String token(String email, String password) throws Exception {
    var response = send(HttpMethod.POST, "/api/v1/auth/token", null,
      new JsonObject().put("grant_type", "password").put("email", email).put("password", password));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject().getString("access_token");
  }

  // unchecked, so that the awaits' conditions can call it
  private static HttpResponse<Buffer> send(HttpMethod method, String uri, String token, JsonObject body) {
    var request = client.request(method, uri).timeout(30_000);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    try {
      return (body == null ? request.send() : request.sendJsonObject(body)).await(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(method + " " + uri + " got no answer", e);
    }
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
