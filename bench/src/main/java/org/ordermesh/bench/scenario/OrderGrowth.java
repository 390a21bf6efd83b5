package org.ordermesh.bench.scenario;

import org.ordermesh.bench.Pause;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.ordermesh.bench.node.Fixtures;
import org.ordermesh.bench.node.NodeUnderTest;
import org.ordermesh.bench.run.Flatness;
import org.ordermesh.bench.run.RunResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The order scenario with more and more orders already stored ({@code --stored}). The node is warmed first with
 * {@code --node-warmup} of orders; once they are final and every event is relayed, their per-order
 * data is deleted from the node's embedded store (see {@link OrderStore}), so the warm-up adds no orders to the
 * store that is measured. Before each step the store is filled up to the next size through the API, as fast as
 * the node takes it, and drained (no order PENDING) before the measurement starts. Each rate's runs across the
 * steps are then compared with its first step's (issue 15: flat within 20%).
 */
public final class OrderGrowth {

  static final double FLAT_WITHIN = 0.20;
  private static final int PRELOAD_CONCURRENCY = 32;
  private static final int PRELOAD_CHUNK = 5_000;
  private static final long DRAIN_LIMIT_MINUTES = 5;
  private static final long QUIET_LIMIT_SECONDS = 120;
  private static final int QUIET_SECONDS = 5;

  private OrderGrowth() {
  }

  public static void run(Bench bench) {
    try (NodeUnderTest node = bench.node();
         OrderStore store = node.mongoUri().map(uri -> new OrderStore(bench.generator(), uri)).orElse(null)) {
      OrderSetup setup = OrderSetup.prepare(bench, node, bench.options().products(), bench.options().customers());
      OrderFlow flow = setup.flow(bench, node);
      long warmupOrders = setup.warmUp(bench, node, flow);
      Optional<OrderStore> measuredStore = Optional.ofNullable(store);
      if (store != null && !bench.options().nodeWarmup().isZero()) {
        reset(bench, node, setup, store);
      } else if (warmupOrders > 0) {
        bench.report().note("storeReset", "none (--target: no access to the node's store); the warm-up's "
            + flow.placed() + " orders are part of every stored total");
      }
      Map<Integer, List<RunResult>> byRate = new LinkedHashMap<>();
      for (int size : bench.options().stored()) {
        topUp(bench, node, setup, flow, measuredStore, size);
        for (int rate : bench.options().rates()) {
          setup.fixtures().refreshTokensIfOld(2);
          byRate.computeIfAbsent(rate, r -> new ArrayList<>())
              .add(measure(bench, node, flow, measuredStore, size, rate));
        }
      }
      // one size has nothing to compare with
      byRate.values().removeIf(runs -> runs.size() < 2);
      byRate.forEach((rate, runs) -> {
        Flatness flatness = Flatness.of(runs);
        String what = "order-growth at " + rate + "/s against " + runs.get(0).label();
        bench.report().target("flat-" + rate, flatness.describe(what, FLAT_WITHIN), flatness.toJson(FLAT_WITHIN));
      });
    }
  }

  /** Waits until the warm-up's orders are final and every event is relayed, then deletes them. */
  private static void reset(Bench bench, NodeUnderTest node, OrderSetup setup, OrderStore store) {
    long start = System.nanoTime();
    long before = store.orders();
    boolean drained = awaitDrained(bench, node, setup);
    boolean quiet = awaitQuiet(bench, node);
    if (!drained || !quiet) {
      throw new IllegalStateException("the warm-up's orders did not settle (drained " + drained + ", every event "
          + "relayed " + quiet + "): not deleting them under a node still working on them");
    }
    JsonObject deleted = store.deleteAll();
    bench.report().note("storeReset", new JsonObject().put("ordersBefore", before).put("ordersAfter", store.orders())
        .put("deleted", deleted).put("kept", store.kept()).put("seconds", Bench.seconds(start))
        // nothing in the node reacts to the deletes; what it burns here is the JIT still compiling the warm-up's
        // code (a short warm-up leaves most of it: per-thread CPU showed the compiler threads, not the event loops)
        .put("nodeIdleAfter", Bench.idleCores(node, "after the deletes")));
  }

  private static void topUp(Bench bench, NodeUnderTest node, OrderSetup setup, OrderFlow flow,
                            Optional<OrderStore> store, int size) {
    long stored = store.map(OrderStore::orders).orElse(flow.placed());
    int missing = (int) Math.max(0, size - stored);
    long start = System.nanoTime();
    AtomicLong refusals = new AtomicLong();
    long failed = 0;
    // in chunks, so the customers' tokens (15 minutes) are taken again during a long top-up
    for (int done = 0; done < missing; done += PRELOAD_CHUNK) {
      setup.fixtures().refreshTokensIfOld(2);
      // a 503 at the door (the saga admission bound) is retried with the same key after Retry-After; any other
      // failure is counted, not fatal: the step still measures what the node does at this size
      failed += Fixtures.inParallel(Math.min(PRELOAD_CHUNK, missing - done), PRELOAD_CONCURRENCY,
              i -> flow.placeRetried(bench.setupClient(), bench.generator(), flow.randomToken(),
                      UUID.randomUUID().toString(), refusals)
                  .map(id -> "").otherwise(failure -> String.valueOf(failure.getMessage())))
          .stream().filter(reason -> !reason.isEmpty()).count();
    }
    double placed = Bench.seconds(start);
    boolean drained = awaitDrained(bench, node, setup);
    double total = Bench.seconds(start);
    bench.report().note("preload-" + size, (missing - failed) + " orders placed in " + placed + " s ("
        + Math.round((missing - failed) / Math.max(0.1, placed)) + "/s, " + PRELOAD_CONCURRENCY + " in flight, not "
        + "watched; " + refusals.get() + " 503s at the door, retried), " + failed + " failed, "
        + (drained ? "all final after " + total + " s" : "some still PENDING after " + total + " s, measuring anyway")
        + "; " + store.map(OrderStore::orders).orElse(flow.placed()) + " stored");
  }

  /** One rate at one size; notes the orders stored when its measured window starts and after it ends. */
  private static RunResult measure(Bench bench, NodeUnderTest node, OrderFlow flow, Optional<OrderStore> store,
                                   int size, int rate) {
    // the open loop starts 200 ms after the call, then runs --warmup before its window
    long windowStartMillis = 200 + bench.options().warmup().toMillis();
    Future<Long> atStart = store.isPresent()
        ? bench.generator().timer(windowStartMillis).compose(t -> store.get().countOrders())
        : Future.succeededFuture(-1L);
    long placedBefore = flow.placed();
    RunResult result = bench.openLoop().run("stored=" + size, rate, bench.options().warmup(),
        bench.options().duration(), flow::run, node.processes());
    bench.report().add(result);
    long storedAtStart = atStart.await();
    long storedAtEnd = store.map(OrderStore::orders).orElse(flow.placed());
    bench.report().note("window-" + size + "-" + rate, new JsonObject()
        .put("storedAtWindowStart", storedAtStart >= 0 ? storedAtStart : null)
        .put("storedAtWindowEnd", storedAtEnd).put("placedInRun", flow.placed() - placedBefore));
    return result;
  }

  /** Waits until no order is PENDING; false if some still are after {@value #DRAIN_LIMIT_MINUTES} minutes. */
  private static boolean awaitDrained(Bench bench, NodeUnderTest node, OrderSetup setup) {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(DRAIN_LIMIT_MINUTES);
    while (bench.api(node).anyPendingOrder(setup.fixtures().adminToken()).await()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Pause.millis(1_000);
    }
    return true;
  }

  /**
   * Waits until the node's {@code /metrics} show no outbox backlog for {@value #QUIET_SECONDS} s running (every
   * event relayed; the consumers are in the node, a few milliseconds behind); false if that takes more than
   * {@value #QUIET_LIMIT_SECONDS} s. The consumer lag gauge is no help here: it is measured after a commit, so
   * it keeps its last value once traffic stops.
   */
  private static boolean awaitQuiet(Bench bench, NodeUnderTest node) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(QUIET_LIMIT_SECONDS);
    int quiet = 0;
    while (quiet < QUIET_SECONDS) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      String metrics = bench.setupClient().getAbs(node.gateway() + "/metrics").timeout(30_000).send()
          .compose(Bench.expect(200)).await().bodyAsString();
      quiet = outboxBacklog(metrics) == 0 ? quiet + 1 : 0;
      Pause.millis(1_000);
    }
    return true;
  }

  /** {@code ordermesh_outbox_backlog} summed over every service in a Prometheus scrape. */
  static double outboxBacklog(String metrics) {
    return metrics.lines().filter(line -> line.startsWith("ordermesh_outbox_backlog"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
  }
}
