package org.ordermesh.bench.scenario;

import org.ordermesh.bench.node.Fixtures;
import org.ordermesh.bench.node.NodeUnderTest;

import java.util.List;

/** Products with ample stock and a pool of customers: what every order scenario needs first. */
record OrderSetup(Fixtures fixtures, List<String> productIds) {

  private static final long STOCK_PER_PRODUCT = 1_000_000;
  private static final int WARMUP_IN_FLIGHT = 16;

  static OrderSetup prepare(Bench bench, NodeUnderTest node, int products, int customers) {
    Fixtures fixtures = Fixtures.as(bench.api(node), node.adminEmail(), node.adminPassword());
    long start = System.nanoTime();
    List<String> ids = fixtures.products(products, 8);
    fixtures.stock(ids, STOCK_PER_PRODUCT, 8);
    double catalog = Bench.seconds(start);
    start = System.nanoTime();
    fixtures.customers(customers, 2);
    bench.report().note("setup", products + " products with stock in " + catalog + " s; " + customers
        + " customers registered and logged in in " + Bench.seconds(start) + " s");
    return new OrderSetup(fixtures, ids);
  }

  /**
   * Orders in a closed loop for {@code --node-warmup}, unmeasured, so the figures after it are the warm node's;
   * answers how many were confirmed.
   */
  long warmUp(Bench bench, NodeUnderTest node, OrderFlow flow) {
    long confirmed = bench.warmUp(node, "orders confirmed", WARMUP_IN_FLIGHT, flow::run);
    fixtures.refreshTokensIfOld(2);
    return confirmed;
  }

  OrderFlow flow(Bench bench, NodeUnderTest node) {
    return new OrderFlow(node.gateway(), productIds, fixtures, bench.options().confirm(), bench.options().pollMillis());
  }
}
