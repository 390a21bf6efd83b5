package org.ordermesh.node.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.ordermesh.node.NodeSettings;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * What TLS costs a clustered event bus round trip (docs/performance.md, "Cluster bus TLS"): two clustered
 * Vert.x instances in this JVM on loopback, configured as a node configures its own, one answering, the
 * other sending request after request, first in plain TCP, then over mutual TLS. A measurement run by
 * hand, not a test: {@code java -cp ... org.ordermesh.node.cluster.BusRoundTripMain [round trips]}.
 */
public final class BusRoundTripMain {

  private static final String ADDRESS = "bench.echo";

  private BusRoundTripMain() {
  }

  public static void main(String[] args) throws Exception {
    var roundTrips = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    var tls = ClusterTls.developmentCa(Files.createTempDirectory("bus-round-trip").resolve("ca"));
    for (var withTls : new boolean[] {false, true}) {
      var answering = clustered(withTls ? tls : null, 15711);
      var sending = clustered(withTls ? tls : null, 15712);
      answering.eventBus().<JsonObject>consumer(ADDRESS, message -> message.reply(message.body()))
        .completion().await(30, TimeUnit.SECONDS);
      var label = withTls ? "mutual TLS" : "plain TCP";
      run(sending, roundTrips / 4, null);
      run(sending, roundTrips, label);
      sending.close().await(30, TimeUnit.SECONDS);
      answering.close().await(30, TimeUnit.SECONDS);
    }
    System.exit(0);
  }

  private static Vertx clustered(ClusterTls tls, int clusterPort) throws Exception {
    var settings = NodeSettings.from(new JsonObject().put("ORDERMESH_CLUSTER", true)
      .put("ORDERMESH_CLUSTER_PORT", clusterPort).put("ORDERMESH_CLUSTER_MEMBERS", "127.0.0.1:15711,127.0.0.1:15712"));
    var options = new VertxOptions();
    options.getEventBusOptions().setHost("127.0.0.1").setClusterPublicHost("127.0.0.1");
    if (tls != null) {
      tls.applyTo(options.getEventBusOptions());
    }
    return Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager(HazelcastConfigs.forNode(settings)))
      .buildClustered().await(90, TimeUnit.SECONDS);
  }

  /** One request at a time, each sent when the one before is answered; prints the latencies when labelled. */
  private static void run(Vertx sending, int count, String label) throws Exception {
    var body = new JsonObject().put("v", 1).put("payload", "x".repeat(100));
    var nanos = new long[count];
    var started = System.nanoTime();
    Future<Void> chain = Future.succeededFuture();
    for (var i = 0; i < count; i++) {
      var index = i;
      chain = chain.compose(v -> {
        var sent = System.nanoTime();
        return sending.eventBus().request(ADDRESS, body).map(reply -> {
          nanos[index] = System.nanoTime() - sent;
          return null;
        });
      });
    }
    chain.await(10, TimeUnit.MINUTES);
    var elapsed = System.nanoTime() - started;
    if (label != null) {
      Arrays.sort(nanos);
      System.out.printf("%-10s %6d round trips  %7.0f/s  p50 %6.1f us  p90 %6.1f us  p99 %6.1f us  max %8.1f us%n", label, count,
        count / (elapsed / 1e9), nanos[count / 2] / 1e3, nanos[count * 9 / 10] / 1e3, nanos[count * 99 / 100] / 1e3,
        nanos[count - 1] / 1e3);
    }
  }
}
