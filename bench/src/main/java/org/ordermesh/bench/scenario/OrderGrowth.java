package org.ordermesh.bench.scenario;

import org.ordermesh.bench.node.Fixtures;
import org.ordermesh.bench.node.NodeUnderTest;

import java.util.concurrent.TimeUnit;

/**
 * The order scenario with more and more orders already stored ({@code --stored}): before each step the
 * store is filled up to the next size through the API, as fast as the node takes it, and drained (no order
 * PENDING) before the measurement starts.
 */
public final class OrderGrowth {

  private static final int PRELOAD_CONCURRENCY = 32;
  private static final long DRAIN_LIMIT_MINUTES = 5;

  private OrderGrowth() {
  }

  public static void run(Bench bench) {
    try (NodeUnderTest node = bench.node()) {
      OrderSetup setup = OrderSetup.prepare(bench, node, bench.options().products(), bench.options().customers());
      OrderFlow flow = setup.flow(bench, node);
      for (int size : bench.options().stored()) {
        int missing = (int) Math.max(0, size - flow.placed());
        setup.fixtures().refreshTokensIfOld(2);
        long start = System.nanoTime();
        // a refused order is counted, not fatal: the step still measures what the node does at this size
        long refused = Fixtures.inParallel(missing, PRELOAD_CONCURRENCY, i -> flow.place(bench.setupClient(),
            flow.randomToken()).map(id -> "").otherwise(failure -> String.valueOf(failure.getMessage())))
            .stream().filter(reason -> !reason.isEmpty()).count();
        double placed = Bench.seconds(start);
        boolean drained = awaitDrained(bench, node, setup);
        double total = Bench.seconds(start);
        bench.report().note("preload-" + size, (missing - refused) + " orders placed in " + placed + " s ("
            + Math.round(missing / Math.max(0.1, placed)) + "/s), " + refused + " refused, "
            + (drained ? "all final after " + total + " s" : "some still PENDING after " + total + " s, measuring anyway")
            + "; " + flow.placed() + " stored");
        for (int rate : bench.options().rates()) {
          setup.fixtures().refreshTokensIfOld(2);
          var result = bench.openLoop().run("stored=" + size, rate, bench.options().warmup(),
              bench.options().duration(), flow::run, node.processes());
          bench.report().add(result);
        }
      }
    }
  }

  /** Waits until no order is PENDING; false if some still are after {@value #DRAIN_LIMIT_MINUTES} minutes. */
  private static boolean awaitDrained(Bench bench, NodeUnderTest node, OrderSetup setup) {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(DRAIN_LIMIT_MINUTES);
    while (bench.api(node).anyPendingOrder(setup.fixtures().adminToken()).await()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }
}
