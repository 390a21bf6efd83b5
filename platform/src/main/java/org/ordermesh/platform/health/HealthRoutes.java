package org.ordermesh.platform.health;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import org.ordermesh.platform.node.BuildInfo;
import org.ordermesh.platform.node.NodeRuntime;

import java.util.List;
import java.util.Optional;

/**
 * The operational routes every service serves: {@code /health/live}, {@code /health/ready},
 * {@code /metrics} and {@code /info} (version, commit, node). Ready means: the node is not draining, every node-wide check passes (cluster
 * membership), the service's Mongo answers (for a service that owns a database), and every peer it cannot
 * work without is published somewhere in the cluster. Kafka is reported (reachable or not) but never makes
 * a service unready: none needs it to serve, the outbox holds the events while it is away (docs/runbook.md).
 */
public final class HealthRoutes {

  private static final long CHECK_TIMEOUT_MILLIS = 3_000;

  private HealthRoutes() {
  }

  public static void mount(Router router, Vertx vertx, Optional<MongoClient> mongo) {
    mount(router, vertx, mongo, List.of());
  }

  public static void mount(Router router, Vertx vertx, Optional<MongoClient> mongo, List<String> requiredPeers) {
    var runtime = NodeRuntime.of(vertx);
    router.get("/health/live").handler(HealthCheckHandler.create(vertx)
      .register("event-loop", promise -> promise.complete(Status.OK())));

    var ready = HealthCheckHandler.create(vertx)
      .register("draining", promise -> promise.complete(runtime.draining()
        ? Status.KO(new JsonObject().put("reason", "node is shutting down"))
        : Status.OK()))
      .register("kafka", CHECK_TIMEOUT_MILLIS, runtime.kafkaProbe()::report);
    mongo.ifPresent(client -> ready.register("mongo", CHECK_TIMEOUT_MILLIS, promise -> ping(client, promise)));
    runtime.readinessChecks().forEach((name, check) -> ready.register(name, CHECK_TIMEOUT_MILLIS, check));
    requiredPeers.forEach(peer -> ready.register("peer:" + peer, CHECK_TIMEOUT_MILLIS,
      promise -> runtime.registry().isPublished(peer).onComplete(ar -> promise.complete(ar.succeeded() && ar.result()
        ? Status.OK()
        : Status.KO(new JsonObject().put("reason", peer + " is not published"))))));
    router.get("/health/ready").handler(ready);

    router.get("/metrics").handler(PrometheusScrapingHandler.create(runtime.metricsRegistryName()));
    var info = BuildInfo.current().toJson(runtime.config().nodeId());
    router.get("/info").handler(ctx -> ctx.json(info));
  }

  private static void ping(MongoClient mongo, Promise<Status> promise) {
    mongo.runCommand("ping", new JsonObject().put("ping", 1))
      .onComplete(ar -> promise.complete(ar.succeeded()
        ? Status.OK()
        : Status.KO(new JsonObject().put("error", String.valueOf(ar.cause().getMessage())))));
  }
}
