package org.ordermesh.bench.scenario;

import io.vertx.core.Future;
import org.ordermesh.bench.node.Fixtures;
import org.ordermesh.bench.node.NodeUnderTest;
import org.ordermesh.bench.run.RunResult;
import org.ordermesh.bench.run.Shot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code GET /api/v1/products/{id}} with a customer's token, through the gateway and straight to the catalog:
 * the node warmed on the gateway route, the open-loop sweep, each route's closed-loop maximum, then, with the
 * node stopped, the bare server's maximum (the ceiling, measured last so the generator is as warm for it as
 * for the node) and each route's maximum as a share of it (issue 15: the gateway's >= 50%).
 */
public final class ProductRead {

  static final double GATEWAY_OF_CEILING = 0.50;
  private static final int SETUP_CONCURRENCY = 8;

  private ProductRead() {
  }

  public static void run(Bench bench) {
    Map<String, RunResult> maxima = new LinkedHashMap<>();
    try (NodeUnderTest node = bench.node()) {
      Fixtures fixtures = Fixtures.as(bench.api(node), node.adminEmail(), node.adminPassword());
      long start = System.nanoTime();
      List<String> ids = fixtures.products(bench.options().products(), SETUP_CONCURRENCY);
      bench.report().note("setup", "created " + ids.size() + " products in " + Bench.seconds(start) + " s, "
          + SETUP_CONCURRENCY + " admin requests at a time");
      fixtures.customers(1, 1);
      List<String[]> routes = List.of(new String[] {"gateway", node.gateway()},
          new String[] {"catalog-direct", node.catalog()});
      bench.warmUp(node, "reads through the gateway", bench.options().inFlight(),
          shot -> read(shot, node.gateway(), ids, fixtures));
      for (int rate : bench.options().rates()) {
        fixtures.refreshTokensIfOld(1);
        for (String[] route : routes) {
          bench.report().add(bench.openLoop().run(route[0], rate, bench.options().warmup(), bench.options().duration(),
              shot -> read(shot, route[1], ids, fixtures), node.processes()));
        }
      }
      for (String[] route : routes) {
        fixtures.refreshTokensIfOld(1);
        maxima.put(route[0], bench.saturate(node, route[0], shot -> read(shot, route[1], ids, fixtures)));
      }
    }
    if (bench.options().ceiling()) {
      double ceiling = Ceiling.measure(bench);
      maxima.forEach((route, max) -> bench.report().share(route + "OfCeiling", max, "the ceiling", ceiling,
          route.equals("gateway") ? GATEWAY_OF_CEILING : 0));
    }
  }

  /** One by-id read of a random product as the first customer, from {@code base} (the gateway or the catalog). */
  static Future<?> read(Shot shot, String base, List<String> ids, Fixtures fixtures) {
    return shot.client().getAbs(base + "/api/v1/products/" + ids.get(ThreadLocalRandom.current().nextInt(ids.size())))
        .bearerTokenAuthentication(fixtures.customerTokens().get(0)).send().compose(Bench.expect(200));
  }
}
