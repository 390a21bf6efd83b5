package org.ordermesh.node.gateway;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.platform.http.ApiRouter;
import org.ordermesh.platform.service.LocalService;
import org.ordermesh.platform.testing.TestNode;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("the gateway")
class GatewayVerticleTest {

  private static TestNode node;
  private static HttpServer catalog;
  private static WebClient client;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    port = freePort();
    node = TestNode.start(new JsonObject().put("ORDERMESH_GATEWAY_PORT", port));
    catalog = node.vertx().createHttpServer().requestHandler(request -> request.body().onSuccess(body ->
      request.response()
        .setStatusCode(request.path().endsWith("/missing") ? 404 : 200)
        .putHeader("content-type", "application/json")
        .end(new JsonObject()
          .put("method", request.method().name())
          .put("uri", request.uri())
          .put("requestId", request.getHeader("X-Request-Id"))
          .put("traceparent", request.getHeader("traceparent"))
          .put("forwardedFor", request.getHeader("X-Forwarded-For"))
          .put("bodyLength", body.length())
          .encode())))
      .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    node.runtime().registry().publishHttp("catalog", "127.0.0.1", catalog.actualPort()).await(10, TimeUnit.SECONDS);
    node.vertx().deployVerticle(GatewayVerticle::new, new DeploymentOptions().setConfig(node.settings()))
      .await(10, TimeUnit.SECONDS);
    client = WebClient.create(node.vertx());
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  @Test
  @DisplayName("routes a prefix to the service found in discovery, with path, query, request id and client address")
  void routesByPrefix() throws Exception {
    var response = client.get(port, "127.0.0.1", "/api/v1/products/42?category=books")
      .putHeader("X-Request-Id", "req-123").send().await(10, TimeUnit.SECONDS);

    assertThat(response.statusCode()).isEqualTo(200);
    var seen = response.bodyAsJsonObject();
    assertThat(seen.getString("uri")).isEqualTo("/api/v1/products/42?category=books");
    assertThat(seen.getString("requestId")).isEqualTo("req-123");
    assertThat(seen.getString("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
    assertThat(response.getHeader("X-Request-Id")).isEqualTo("req-123");
    assertThat(seen.getString("forwardedFor")).isEqualTo("127.0.0.1");
  }

  @Test
  @DisplayName("at the edge drops an X-Forwarded-For the client wrote, so no client picks the address auth throttles")
  void dropsClientForwardedFor() throws Exception {
    var response = client.get(port, "127.0.0.1", "/api/v1/products/42").putHeader("X-Forwarded-For", "6.6.6.6")
      .send().await(10, TimeUnit.SECONDS);

    assertThat(response.bodyAsJsonObject().getString("forwardedFor")).isEqualTo("127.0.0.1");
  }

  @Test
  @DisplayName("keeps the hops of a trusted proxy in front of it and appends the address it saw")
  void keepsTrustedHops() throws Exception {
    var behindIngress = freePort();
    var deployment = node.vertx().deployVerticle(GatewayVerticle::new, new DeploymentOptions().setConfig(node.settings().copy()
      .put("ORDERMESH_GATEWAY_PORT", behindIngress).put(GatewayVerticle.UPSTREAM_PROXIES, "127.0.0.0/8")))
      .await(10, TimeUnit.SECONDS);
    try {
      var response = client.get(behindIngress, "127.0.0.1", "/api/v1/products/42")
        .putHeader("X-Forwarded-For", "6.6.6.6, 198.51.100.1").send().await(10, TimeUnit.SECONDS);

      assertThat(response.bodyAsJsonObject().getString("forwardedFor")).isEqualTo("6.6.6.6, 198.51.100.1, 127.0.0.1");
    } finally {
      node.vertx().undeploy(deployment).await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("streams a request body through and passes the service's status back")
  void streamsBodiesAndStatuses() throws Exception {
    var body = Buffer.buffer(new byte[20_000]);

    var posted = client.post(port, "127.0.0.1", "/api/v1/inventory/1/adjustments")
      .putHeader("content-type", "application/json").sendBuffer(body).await(10, TimeUnit.SECONDS);
    var missing = client.get(port, "127.0.0.1", "/api/v1/products/missing").send().await(10, TimeUnit.SECONDS);

    assertThat(posted.bodyAsJsonObject().getInteger("bodyLength")).isEqualTo(20_000);
    assertThat(posted.bodyAsJsonObject().getString("method")).isEqualTo("POST");
    assertThat(missing.statusCode()).isEqualTo(404);
  }

  @Test
  @DisplayName("answers 503 problem+json with Retry-After when no instance of the service is published")
  void serviceUnavailable() throws Exception {
    var response = client.get(port, "127.0.0.1", "/api/v1/orders").send().await(10, TimeUnit.SECONDS);

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.getHeader("content-type")).startsWith("application/problem+json");
    assertThat(response.getHeader("Retry-After")).isNotBlank();
    assertThat(response.bodyAsJsonObject().getInteger("status")).isEqualTo(503);
  }

  @Test
  @DisplayName("runs a request for a service of its own process through that service's router, with no HTTP hop")
  void runsLocalServicesInProcess() throws Exception {
    var builds = new AtomicInteger();
    // payment is published nowhere: only the in-process hand-off can answer
    var payment = new LocalService("payment", vertx -> {
      builds.incrementAndGet();
      var router = ApiRouter.create(vertx, "payment");
      router.get("/api/v1/payments/:id").handler(ctx -> ctx.json(new JsonObject()
        .put("id", ctx.pathParam("id"))
        .put("forwardedFor", ctx.request().getHeader("X-Forwarded-For"))));
      return router;
    });
    node.runtime().offerLocally(payment);
    try {
      var first = client.get(port, "127.0.0.1", "/api/v1/payments/p-1").putHeader("X-Request-Id", "req-local")
        .send().await(10, TimeUnit.SECONDS);
      var second = client.get(port, "127.0.0.1", "/api/v1/payments/p-2?x=1").send().await(10, TimeUnit.SECONDS);
      var unknown = client.get(port, "127.0.0.1", "/api/v1/payments").send().await(10, TimeUnit.SECONDS);

      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.bodyAsJsonObject().getString("id")).isEqualTo("p-1");
      assertThat(first.bodyAsJsonObject().getString("forwardedFor")).isEqualTo("127.0.0.1");
      assertThat(first.getHeader("X-Request-Id")).isEqualTo("req-local");
      assertThat(first.getHeader("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
      assertThat(second.bodyAsJsonObject().getString("id")).isEqualTo("p-2");
      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(unknown.getHeader("content-type")).startsWith("application/problem+json");
      // one gateway instance, one event loop: its router is built once and kept
      assertThat(builds).hasValue(1);
    } finally {
      node.runtime().withdrawLocally(payment);
    }

    // withdrawn, the service is looked up in discovery again, where it is not published
    var after = client.get(port, "127.0.0.1", "/api/v1/payments/p-1").send().await(10, TimeUnit.SECONDS);
    assertThat(after.statusCode()).isEqualTo(503);
  }

  @Test
  @DisplayName("answers 404 problem+json for a path no service owns")
  void unknownPath() throws Exception {
    var response = client.get(port, "127.0.0.1", "/api/v1/nothing-here").send().await(10, TimeUnit.SECONDS);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.getHeader("content-type")).startsWith("application/problem+json");
  }

  @Test
  @DisplayName("serves its own health")
  void health() throws Exception {
    var response = client.get(port, "127.0.0.1", "/health/ready").send().await(10, TimeUnit.SECONDS);

    assertThat(response.statusCode()).isEqualTo(200);
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
