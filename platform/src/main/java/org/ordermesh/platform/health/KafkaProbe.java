package org.ordermesh.platform.health;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.Status;
import io.vertx.kafka.admin.KafkaAdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.util.Map;

/**
 * Tells whether the Kafka cluster answers. One admin client per node, created on first use, and the
 * answer kept for a moment so that frequent probes of several services cost one round trip.
 */
public final class KafkaProbe {

  private static final long CACHE_MILLIS = 2_000;

  private final Vertx vertx;
  private final String bootstrap;
  private KafkaAdminClient admin;
  private Future<Void> lastProbe;
  private long lastProbeAt;

  public KafkaProbe(Vertx vertx, String bootstrap) {
    this.vertx = vertx;
    this.bootstrap = bootstrap;
  }

  public void check(Promise<Status> promise) {
    probe().onComplete(ar -> promise.complete(ar.succeeded()
      ? Status.OK()
      : Status.KO(new io.vertx.core.json.JsonObject().put("error", String.valueOf(ar.cause().getMessage())))));
  }

  private synchronized Future<Void> probe() {
    var now = System.currentTimeMillis();
    if (lastProbe == null || now - lastProbeAt > CACHE_MILLIS) {
      lastProbeAt = now;
      lastProbe = admin().describeCluster().mapEmpty();
    }
    return lastProbe;
  }

  private KafkaAdminClient admin() {
    if (admin == null) {
      admin = KafkaAdminClient.create(vertx, Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000",
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000",
        AdminClientConfig.CLIENT_ID_CONFIG, "ordermesh-health"));
    }
    return admin;
  }

  public synchronized Future<Void> close() {
    return admin == null ? Future.succeededFuture() : admin.close();
  }
}
