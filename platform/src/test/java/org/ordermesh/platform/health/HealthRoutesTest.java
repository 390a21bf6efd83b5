package org.ordermesh.platform.health;

import io.vertx.core.http.HttpServer;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.embedded.EmbeddedMongo;
import org.ordermesh.embedded.SharedInfra;
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
  @DisplayName("report live and ready while Mongo and Kafka answer")
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
  @DisplayName("turn not ready while the node drains")
  void notReadyWhileDraining() throws Exception {
    node.runtime().startDraining();

    assertThat(status("/health/ready")).isEqualTo(503);
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
