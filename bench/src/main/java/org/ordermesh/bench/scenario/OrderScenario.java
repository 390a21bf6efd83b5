package org.ordermesh.bench.scenario;

import org.ordermesh.bench.node.NodeUnderTest;
import org.ordermesh.bench.run.RunResult;

/**
 * Customers placing orders at a target rate, each timed from its scheduled start until it is CONFIRMED; the
 * run's achieved rate is confirmed orders per second. Then, on a second node whose store traffic passes a
 * counting proxy, the store round trips one confirmed order costs.
 */
public final class OrderScenario {

  private OrderScenario() {
  }

  public static void run(Bench bench) {
    if (bench.options().ceiling()) {
      Ceiling.measure(bench);
    }
    try (NodeUnderTest node = bench.node()) {
      OrderSetup setup = OrderSetup.prepare(bench, node, bench.options().products(), bench.options().customers());
      OrderFlow flow = setup.flow(bench, node);
      setup.warmUp(bench, node, flow);
      for (int rate : bench.options().rates()) {
        setup.fixtures().refreshTokensIfOld(2);
        RunResult result = bench.openLoop().run("order-confirmed", rate, bench.options().warmup(),
            bench.options().duration(), flow::run, node.processes());
        bench.report().add(result);
      }
    }
    if (bench.options().storeCount() && bench.options().startsNode()) {
      StoreRoundTrips.count(bench);
    } else if (bench.options().storeCount()) {
      bench.report().note("storeRoundTrips", "not counted: --target nodes talk to their store directly; "
          + "run without --target to count through the proxy");
    }
  }
}
