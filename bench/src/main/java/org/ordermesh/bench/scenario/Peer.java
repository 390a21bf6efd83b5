package org.ordermesh.bench.scenario;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.MongoClient;
import org.ordermesh.bench.node.NodeUnderTest;
import org.ordermesh.bench.peer.FlaskPeer;
import org.ordermesh.bench.peer.PeerTokens;
import org.ordermesh.bench.run.CpuMeter;
import org.ordermesh.bench.run.RunResult;
import org.ordermesh.bench.run.Shot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * ordermesh against the seed book's own order flow (issue 13), one after the other on the same node's embedded
 * store: {@code --in-flight} connections posting orders over {@code --products} products, closed loop, first to
 * ordermesh (each watched until CONFIRMED, as {@code order} does), then to the Flask peer (each answer is final:
 * 201 CONFIRMED counts). Prints both rates, their ratio and the CPU each side used.
 */
public final class Peer {

  private static final long STOCK_PER_PRODUCT = 1_000_000;
  private static final int PEER_TIMEOUT_MILLIS = 60_000;

  private Peer() {
  }

  public static void run(Bench bench) {
    Path peerDir = bench.options().peerDir();
    FlaskPeer.checkPrerequisites(peerDir);
    if (!bench.options().startsNode()) {
      throw new IllegalArgumentException("peer starts its own node (the peer needs its store): drop --target");
    }
    try (NodeUnderTest node = bench.node()) {
      OrderSetup setup = OrderSetup.prepare(bench, node, bench.options().products(), bench.options().customers());
      OrderFlow flow = setup.flow(bench, node);
      setup.warmUp(bench, node, flow);
      RunResult ordermesh = bench.closedLoop().run("order-closed", bench.options().inFlight(),
          bench.options().warmup(), bench.options().duration(), flow::run, node.processes());
      bench.report().add(ordermesh);

      seedPeerStock(bench, node.mongoUri().orElseThrow(), setup.productIds());
      PeerTokens tokens = PeerTokens.generate();
      Path keyDir = tempDir();
      try (FlaskPeer peer = FlaskPeer.start(peerDir, node.mongoUri().orElseThrow(), tokens.writePublicKey(keyDir),
          bench.options().resultsDir())) {
        List<String> customers = IntStream.range(0, bench.options().customers())
            .mapToObj(i -> tokens.sign("peer-customer-" + i, Duration.ofHours(2))).toList();
        CpuMeter gunicorn = new CpuMeter(peer.processes());
        RunResult flask = bench.closedLoop().run("order-peer-closed", bench.options().inFlight(),
            bench.options().warmup(), bench.options().duration(),
            shot -> placeAtPeer(shot, customers, setup.productIds()), node.processes());
        double peerCores = gunicorn.stop().getDouble("node", 0.0);
        flask = flask.withCores(flask.cores().copy().put("peer", peerCores));
        bench.report().add(flask);
        compare(bench, ordermesh, flask);
      } finally {
        deleteKeys(keyDir);
      }
    }
  }

  /** The peer's catalog database: a stock document per ordermesh product, as ample as ordermesh's stock. */
  private static void seedPeerStock(Bench bench, String mongoUri, List<String> productIds) {
    MongoClient mongo = MongoClient.create(bench.generator(),
        new JsonObject().put("connection_string", mongoUri).put("db_name", "peer_catalog"));
    try {
      List<BulkOperation> stock = IntStream.range(0, productIds.size()).mapToObj(i -> BulkOperation.createInsert(
          new JsonObject().put("_id", productIds.get(i)).put("priceMinor", 1_000 + i).put("available", STOCK_PER_PRODUCT)
              .put("reserved", 0).put("sold", 0))).toList();
      mongo.bulkWrite("stock", stock).await(60, TimeUnit.SECONDS);
      bench.report().note("peerSetup", productIds.size() + " stock documents in peer_catalog.stock, "
          + STOCK_PER_PRODUCT + " units each");
    } catch (Exception e) {
      throw new IllegalStateException("could not seed the peer's stock at " + mongoUri, e);
    } finally {
      mongo.close();
    }
  }

  // the same body as ordermesh's orders; the answer is final, so the latency is the time to CONFIRMED
  private static Future<?> placeAtPeer(Shot shot, List<String> tokens, List<String> productIds) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return shot.client().postAbs(FlaskPeer.ORDER_URL + "/api/v1/orders")
        .bearerTokenAuthentication(tokens.get(random.nextInt(tokens.size())))
        .putHeader("Idempotency-Key", UUID.randomUUID().toString()).timeout(PEER_TIMEOUT_MILLIS)
        .sendJsonObject(OrderFlow.body(productIds.get(random.nextInt(productIds.size()))))
        .compose(Bench.expect(201))
        .compose(response -> {
          JsonObject order = response.bodyAsJsonObject();
          return "CONFIRMED".equals(order.getString("status")) ? Future.succeededFuture()
              : Future.failedFuture(order.getString("status") + " " + order.getString("reason", ""));
        });
  }

  private static void compare(Bench bench, RunResult ordermesh, RunResult flask) {
    double meshNode = ordermesh.cores().getDouble("node", 0.0);
    double peerApps = flask.cores().getDouble("peer", 0.0);
    double peerStore = flask.cores().getDouble("node", 0.0);
    // no peer order confirmed: no ratio, and nothing met (a harness fault to read in the peer's logs)
    double ratio = flask.achieved() == 0 ? 0 : ordermesh.achieved() / flask.achieved();
    JsonObject summary = new JsonObject()
        .put("ordermeshConfirmedPerSecond", round(ordermesh.achieved()))
        .put("peerConfirmedPerSecond", round(flask.achieved()))
        .put("ratio", flask.achieved() == 0 ? null : round(ratio)).put("target", 3.0).put("met", ratio >= 3.0)
        .put("ordermeshNodeCores", meshNode)
        .put("ordermeshCpuMsPerOrder", perOrder(meshNode, ordermesh.achieved()))
        .put("peerGunicornCores", peerApps).put("peerStoreCores", peerStore)
        .put("peerCpuMsPerOrder", perOrder(peerApps + peerStore, flask.achieved()));
    bench.report().note("peer", summary);
    System.out.println(String.format(Locale.ROOT, "ordermesh %.1f confirmed/s (p50 %.1f ms, p99 %.1f ms, node %.2f "
            + "cores, %.2f ms CPU per order); Flask peer %.1f confirmed/s (p50 %.1f ms, p99 %.1f ms, gunicorn %.2f "
            + "cores + store in the node %.2f, %.2f ms CPU per order); ordermesh / peer = %.2fx (target >= 3x: %s)",
        ordermesh.achieved(), RunResult.millis(ordermesh.latency(), 50), RunResult.millis(ordermesh.latency(), 99),
        meshNode, perOrder(meshNode, ordermesh.achieved()), flask.achieved(), RunResult.millis(flask.latency(), 50),
        RunResult.millis(flask.latency(), 99), peerApps, peerStore, perOrder(peerApps + peerStore, flask.achieved()),
        ratio, ratio >= 3.0 ? "met" : "not met"));
  }

  private static double perOrder(double cores, double perSecond) {
    return perSecond == 0 ? 0 : round(1000 * cores / perSecond);
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("ordermesh-peer-keys");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteKeys(Path dir) {
    try {
      Files.deleteIfExists(dir.resolve("peer.pub"));
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      System.err.println("could not delete " + dir + ": " + e.getMessage());
    }
  }
}
