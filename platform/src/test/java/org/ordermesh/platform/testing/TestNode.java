package org.ordermesh.platform.testing;

import io.opentelemetry.api.OpenTelemetry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import org.ordermesh.embedded.SharedInfra;
import org.ordermesh.platform.config.PlatformConfig;
import org.ordermesh.platform.metrics.Metrics;
import org.ordermesh.platform.node.NodeRuntime;
import org.ordermesh.platform.trace.Tracing;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A standalone node for tests: a Vert.x instance with metrics and a {@link NodeRuntime}, wired to the
 * test JVM's shared embedded Mongo and Kafka.
 */
public final class TestNode implements AutoCloseable {

  private final Vertx vertx;
  private final NodeRuntime runtime;
  private final JsonObject settings;

  private TestNode(JsonObject settings, OpenTelemetry tracing) {
    var nodeId = "test-" + UUID.randomUUID().toString().substring(0, 8);
    this.settings = settings.copy().put(PlatformConfig.NODE_ID, nodeId);
    var builder = Vertx.builder()
      .with(new VertxOptions().setMetricsOptions(Metrics.options(nodeId)))
      .withMetrics(new MicrometerMetricsFactory());
    if (tracing != null) {
      Tracing.install(builder, tracing);
    }
    this.vertx = builder.build();
    this.runtime = NodeRuntime.install(vertx, PlatformConfig.from(this.settings), nodeId);
  }

  /** A node on the shared embedded servers; service ports are 0 (any free port). */
  public static TestNode start() {
    return start(new JsonObject());
  }

  /** A node on the shared embedded servers, with extra settings over the defaults. */
  public static TestNode start(JsonObject overrides) {
    return start(overrides, null);
  }

  /** As {@link #start(JsonObject)}, traced: every span goes to {@code tracing} (an SDK with an in-memory exporter, say). */
  public static TestNode start(JsonObject overrides, OpenTelemetry tracing) {
    var settings = new JsonObject()
      .put(PlatformConfig.MONGO_URI, SharedInfra.mongoConnectionString())
      .put(PlatformConfig.KAFKA_BOOTSTRAP, SharedInfra.kafkaBootstrapServers())
      .put(PlatformConfig.DRAIN_SECONDS, 1)
      .put("ORDERMESH_AUTH_PORT", 0)
      .put("ORDERMESH_CATALOG_PORT", 0)
      .put("ORDERMESH_ORDER_PORT", 0)
      .put("ORDERMESH_PAYMENT_PORT", 0)
      .put("ORDERMESH_GATEWAY_PORT", 0)
      .mergeIn(overrides);
    return new TestNode(settings, tracing);
  }

  public Vertx vertx() {
    return vertx;
  }

  public NodeRuntime runtime() {
    return runtime;
  }

  /** The settings a launcher would hand the services of this node. */
  public JsonObject settings() {
    return settings.copy();
  }

  @Override
  public void close() throws Exception {
    runtime.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
