package org.ordermesh.platform.health;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.embedded.EmbeddedMongo;
import org.ordermesh.embedded.SharedInfra;
import org.ordermesh.platform.config.PlatformConfig;
import org.ordermesh.platform.mongo.MongoClients;
import org.ordermesh.platform.testing.Await;
import org.ordermesh.platform.testing.TestNode;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("the health routes of a service")
class HealthRoutesTest {

  private TestNode node;
  private EmbeddedMongo mongoServer;
  private MongoClient mongo;
  private HttpServer server;
  private WebClient client;

  @BeforeEach
  void startService() throws Exception {
    node = TestNode.start();
    mongoServer = SharedInfra.startPrivateMongo();
    mongo = MongoClients.shared(node.vertx(), mongoServer.connectionString(), "health_test");
    var router = Router.router(node.vertx());
    HealthRoutes.mount(router, node.vertx(), Optional.of(mongo));
    server = node.vertx().createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    client = WebClient.create(node.vertx());
  }

  @AfterEach
  void stop() throws Exception {
    node.close();
    mongoServer.close();
  }

  private int status(String path) throws Exception {
    return client.get(server.actualPort(), "127.0.0.1", path).send().await(10, TimeUnit.SECONDS).statusCode();
  }

  @Test
  @DisplayName("report live and ready while Mongo answers")
  void readyWhenDependenciesAnswer() throws Exception {
    assertThat(status("/health/live")).isEqualTo(200);
    var ready = client.get(server.actualPort(), "127.0.0.1", "/health/ready").send().await(10, TimeUnit.SECONDS);

    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.bodyAsJsonObject().getString("outcome")).isEqualTo("UP");
  }

  @Test
  @DisplayName("turn not ready when Mongo stops, and stay live")
  void notReadyWhenMongoStops() throws Exception {
    assertThat(status("/health/ready")).isEqualTo(200);

    mongoServer.close();

    Await.until(Duration.ofSeconds(20), () -> uncheckedStatus("/health/ready") == 503);
    assertThat(status("/health/live")).isEqualTo(200);
  }

  @Test
  @DisplayName("stay ready while Kafka is unreachable, and say so in the readiness body")
  void readyWithoutKafka() throws Exception {
    try (var offline = TestNode.start(new JsonObject().put(PlatformConfig.KAFKA_BOOTSTRAP, "127.0.0.1:" + closedPort()))) {
      var router = Router.router(offline.vertx());
      HealthRoutes.mount(router, offline.vertx(), Optional.of(MongoClients.shared(offline.vertx(), mongoServer.connectionString(), "health_test")));
      var port = offline.vertx().createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .await(10, TimeUnit.SECONDS).actualPort();

      Await.until(Duration.ofSeconds(30), () -> {
        var ready = readiness(port);
        assertThat(ready.statusCode()).isEqualTo(200);
        return Boolean.FALSE.equals(kafkaCheck(ready.bodyAsJsonObject()).getValue("reachable"));
      });
      assertThat(kafkaCheck(readiness(port).bodyAsJsonObject()).getBoolean("required")).isFalse();
    }
  }

  @Test
  @DisplayName("turn not ready while the node drains")
  void notReadyWhileDraining() throws Exception {
    node.runtime().startDraining();

    assertThat(status("/health/ready")).isEqualTo(503);
  }

  @Test
  @DisplayName("tell the version and git commit the node was built from, and the node's name")
  void info() throws Exception {
    var info = client.get(server.actualPort(), "127.0.0.1", "/info").send().await(10, TimeUnit.SECONDS);

    assertThat(info.statusCode()).isEqualTo(200);
    var body = info.bodyAsJsonObject();
    assertThat(body.getString("version")).isNotBlank().doesNotContain("${");
    // the tests run from a git checkout: the build found its commit
    assertThat(body.getString("commit")).matches("[0-9a-f]{40}");
    assertThat(body.getString("node")).isEqualTo(node.runtime().config().nodeId());
  }

  @Test
  @DisplayName("expose Vert.x HTTP server metrics in Prometheus format")
  void exposesMetrics() throws Exception {
    status("/health/live");

    var metrics = client.get(server.actualPort(), "127.0.0.1", "/metrics").send().await(10, TimeUnit.SECONDS);

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.bodyAsString()).contains("vertx_http_server_requests_total").contains("jvm_memory_used_bytes");
  }

  @Test
  @DisplayName("turn not ready while a required peer is published nowhere, and ready once it is")
  void notReadyWithoutRequiredPeers() throws Exception {
    var router = Router.router(node.vertx());
    HealthRoutes.mount(router, node.vertx(), Optional.of(mongo), java.util.List.of("ledger"));
    var guarded = node.vertx().createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
      .await(10, TimeUnit.SECONDS);
    var ready = (java.util.function.IntSupplier) () -> uncheckedStatus(guarded.actualPort(), "/health/ready");

    assertThat(ready.getAsInt()).isEqualTo(503);
    node.runtime().registry().publishEventBus("ledger", "ledger.entries").await(10, TimeUnit.SECONDS);
    assertThat(ready.getAsInt()).isEqualTo(200);
  }

  private HttpResponse<Buffer> readiness(int port) {
    try {
      return client.get(port, "127.0.0.1", "/health/ready").send().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  // a port nothing listens on: the one a socket just let go of
  private static int closedPort() throws java.io.IOException {
    try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static JsonObject kafkaCheck(JsonObject readiness) {
    return readiness.getJsonArray("checks").stream().map(JsonObject.class::cast)
      .filter(check -> "kafka".equals(check.getString("id"))).findFirst().orElseThrow().getJsonObject("data");
  }

  private int uncheckedStatus(int port, String path) {
    try {
      return client.get(port, "127.0.0.1", path).send().await(10, TimeUnit.SECONDS).statusCode();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private int uncheckedStatus(String path) {
    try {
      return status(path);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
