package org.ordermesh.platform.health;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.kafka.admin.KafkaAdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.util.Map;

/**
 * Tells whether the Kafka cluster answers. One admin client per node, created on first use. No service
 * needs Kafka to serve (the outbox holds events while it is away), so the probe is a report in the
 * readiness body, never a reason to be unready: it answers at once with what the last probe found and
 * starts the next one when that is stale, so a broker that hangs never makes readiness wait.
 */
public final class KafkaProbe {

  private static final long CACHE_MILLIS = 2_000;

  private final Vertx vertx;
  private final String bootstrap;
  private KafkaAdminClient admin;
  private Future<Void> lastProbe;
  private long lastProbeAt;
  private volatile JsonObject lastKnown = new JsonObject().put("reachable", "unknown");

  public KafkaProbe(Vertx vertx, String bootstrap) {
    this.vertx = vertx;
    this.bootstrap = bootstrap;
  }

  /** Always UP: the data says whether Kafka was reachable when last probed. */
  public void report(Promise<Status> promise) {
    probe();
    promise.complete(Status.OK(lastKnown.copy().put("required", false)));
  }

  // one probe at a time, and none more often than the cache allows
  private synchronized Future<Void> probe() {
    var now = System.currentTimeMillis();
    if (lastProbe == null || (lastProbe.isComplete() && now - lastProbeAt > CACHE_MILLIS)) {
      lastProbeAt = now;
      lastProbe = admin().describeCluster().<Void>mapEmpty()
        .onSuccess(up -> lastKnown = new JsonObject().put("reachable", true))
        .onFailure(error -> lastKnown = new JsonObject().put("reachable", false).put("error", String.valueOf(error.getMessage())));
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
