package org.ordermesh.embedded;

import com.sun.management.OperatingSystemMXBean;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures what the oplog costs a write (docs/performance.md, "The embedded oplog"): rounds alternating a
 * file store without and with the oplog, each in a fresh directory, 32 writers inserting ~1 KB documents
 * then updating them as services do ({@code $set} and a {@code $push} to an outbox). Prints writes/s and
 * the process's CPU per write (client included: the same in both). Not a test; run it by hand:
 * {@code java -cp ... org.ordermesh.embedded.OplogCost [writes per round] [rounds]}. It first prints what an idle
 * change stream costs.
 */
public final class OplogCost {

  private static final int WRITERS = 32;
  private static final String PADDING = "x".repeat(900);
  // fixed windows of a by-hand measurement, not waits for a condition: the stream's getMore loop reaches its
  // steady state, then its CPU is sampled over a window long enough to average the 1 s awaits
  private static final long SETTLE_MILLIS = 3_000;
  private static final long MEASURED_MILLIS = 10_000;

  private OplogCost() {
  }

  public static void main(String[] args) throws Exception {
    int writes = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Vertx vertx = Vertx.vertx();
    idleStream(vertx);
    // a warm-up round each way, not reported: JIT and page cache
    round(vertx, false, writes / 4);
    round(vertx, true, writes / 4);
    for (int i = 0; i < rounds; i++) {
      for (boolean oplog : new boolean[] {false, true}) {
        double[] figures = round(vertx, oplog, writes);
        System.out.printf("oplog %-3s  %6.0f writes/s  %5.0f us CPU per write%n", oplog ? "on" : "off", figures[0], figures[1]);
      }
    }
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  // what an open change stream with nothing to report costs: the driver's getMore loop against the awaiting server
  private static void idleStream(Vertx vertx) throws Exception {
    EmbeddedMongo mongo = EmbeddedMongo.startInMemory("127.0.0.1", 0);
    MongoClient client = MongoClient.create(vertx, new JsonObject().put("connection_string", mongo.connectionString()).put("db_name", "cost"));
    client.watch("orders", new JsonArray(), true, 1).handler(change -> { });
    Thread.sleep(SETTLE_MILLIS);
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpuBefore = os.getProcessCpuTime();
    Thread.sleep(MEASURED_MILLIS);
    System.out.printf("idle change stream: %.1f%% of a core%n", (os.getProcessCpuTime() - cpuBefore) / 1e4 / MEASURED_MILLIS);
    client.close().await(30, TimeUnit.SECONDS);
    mongo.close();
  }

  private static double[] round(Vertx vertx, boolean oplog, int writes) throws Exception {
    Path dir = Files.createTempDirectory("oplog-cost-");
    EmbeddedMongo mongo = oplog ? EmbeddedMongo.startFile(dir, "127.0.0.1", 0) : EmbeddedMongo.startFileWithoutOplog(dir, "127.0.0.1", 0);
    MongoClient client = MongoClient.create(vertx, new JsonObject()
        .put("connection_string", mongo.connectionString()).put("db_name", "cost").put("maxPoolSize", WRITERS));
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpuBefore = os.getProcessCpuTime();
    long started = System.nanoTime();
    AtomicInteger next = new AtomicInteger();
    List<Future<Void>> writers = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      writers.add(write(client, next, writes));
    }
    Future.all(writers).await(10, TimeUnit.MINUTES);
    double seconds = (System.nanoTime() - started) / 1e9;
    double cpuMicros = (os.getProcessCpuTime() - cpuBefore) / 1e3;
    client.close().await(30, TimeUnit.SECONDS);
    mongo.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
    return new double[] {writes / seconds, cpuMicros / writes};
  }

  // even numbers insert an order, odd ones update the order inserted just before
  private static Future<Void> write(MongoClient client, AtomicInteger next, int writes) {
    int n = next.getAndIncrement();
    if (n >= writes) {
      return Future.succeededFuture();
    }
    String id = "order-" + (n / 2);
    Future<?> written = n % 2 == 0
        ? client.insert("orders", new JsonObject().put("_id", id).put("status", "PENDING").put("version", 1).put("padding", PADDING))
        : client.updateCollection("orders", new JsonObject().put("_id", id), new JsonObject()
            .put("$set", new JsonObject().put("status", "PAID")).put("$inc", new JsonObject().put("version", 1))
            .put("$push", new JsonObject().put("outbox", new JsonObject().put("id", "event-" + n).put("type", "OrderPaid.v1")))
        ).recover(missing -> Future.succeededFuture());
    return written.compose(done -> write(client, next, writes));
  }
}
