package org.ordermesh.platform.trace;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.embedded.SharedInfra;
import org.ordermesh.platform.health.HealthRoutes;
import org.ordermesh.platform.http.ApiRouter;
import org.ordermesh.platform.mongo.MongoClients;
import org.ordermesh.platform.testing.Await;
import org.ordermesh.platform.testing.TestNode;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("OpenTelemetry on a node")
class TracingTest {

  private static final String CALLER = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private OpenTelemetrySdk sdk;
  private TestNode node;
  private WebClient client;
  private int port;

  @BeforeEach
  void start() throws Exception {
    sdk = Tracing.sdk(spans, List.of("test"), "node-1");
    node = TestNode.start(new JsonObject(), sdk);
    var vertx = node.vertx();
    var mongo = MongoClients.shared(vertx, SharedInfra.mongoConnectionString(), "tracing_test");
    var router = ApiRouter.create(vertx, "test");
    HealthRoutes.mount(router, vertx, Optional.of(mongo));
    router.get("/api/v1/things").handler(ctx -> mongo.findOne("things", new JsonObject(), null)
      .onComplete(found -> ctx.json(new JsonObject().put("loggedTraceId", TraceContext.currentTraceId()))));
    port = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS).actualPort();
    client = WebClient.create(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    node.close();
    sdk.close();
  }

  @Test
  @DisplayName("gives a request one trace id: the caller's, in the server span, the store call's span, the logs and the response")
  void oneTraceId() throws Exception {
    var response = client.get(port, "127.0.0.1", "/api/v1/things").putHeader(TraceParent.HEADER, CALLER)
      .send().await(10, TimeUnit.SECONDS);
    var caller = TraceParent.parse(CALLER).orElseThrow();
    var answered = TraceParent.parse(response.getHeader(TraceParent.HEADER)).orElseThrow();

    var finished = finishedOnce(span -> span.getKind() == SpanKind.SERVER);
    var server = finished.stream().filter(span -> span.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
    var store = finished.stream().filter(span -> span.getName().equals("mongo findOne things")).findFirst().orElseThrow();

    assertThat(response.bodyAsJsonObject().getString("loggedTraceId")).isEqualTo(caller.traceId());
    assertThat(answered.traceId()).isEqualTo(caller.traceId());
    assertThat(server.getTraceId()).isEqualTo(caller.traceId());
    assertThat(server.getParentSpanId()).isEqualTo(caller.spanId());
    assertThat(answered.spanId()).as("the span the service answers with is its server span").isEqualTo(server.getSpanId());
    assertThat(store.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(store.getParentSpanId()).isEqualTo(server.getSpanId());
  }

  @Test
  @DisplayName("leaves readiness probes and metric scrapes untraced")
  void probesUntraced() throws Exception {
    client.get(port, "127.0.0.1", "/health/ready").send().await(10, TimeUnit.SECONDS);
    client.get(port, "127.0.0.1", "/metrics").send().await(10, TimeUnit.SECONDS);
    client.get(port, "127.0.0.1", "/api/v1/things").send().await(10, TimeUnit.SECONDS);

    assertThat(finishedOnce(span -> span.getAttributes().asMap().containsValue("/api/v1/things"))).filteredOn(span -> span.getKind() == SpanKind.SERVER).hasSize(1)
      .allSatisfy(span -> assertThat(span.getAttributes().asMap().values()).contains("/api/v1/things"));
  }

  // a server span ends as its response is written, which may be just after the client has it
  private List<SpanData> finishedOnce(Predicate<SpanData> expected) {
    Await.until(Duration.ofSeconds(10), () -> {
      sdk.getSdkTracerProvider().forceFlush().join(10, TimeUnit.SECONDS);
      return spans.getFinishedSpanItems().stream().anyMatch(expected);
    });
    return spans.getFinishedSpanItems();
  }
}
