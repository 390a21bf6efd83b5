package org.ordermesh.bench.scenario;

import org.ordermesh.bench.node.Fixtures;
import org.ordermesh.bench.node.NodeUnderTest;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** {@code GET /api/v1/products/{id}} with a customer's token, through the gateway and straight to the catalog. */
public final class ProductRead {

  private static final int SETUP_CONCURRENCY = 8;

  private ProductRead() {
  }

  public static void run(Bench bench) {
    try (NodeUnderTest node = bench.node()) {
      Fixtures fixtures = Fixtures.as(bench.api(node), node.adminEmail(), node.adminPassword());
      long start = System.nanoTime();
      List<String> ids = fixtures.products(bench.options().products(), SETUP_CONCURRENCY);
      bench.report().note("setup", "created " + ids.size() + " products in " + Bench.seconds(start) + " s, "
          + SETUP_CONCURRENCY + " admin requests at a time");
      fixtures.customers(1, 1);
      for (int rate : bench.options().rates()) {
        fixtures.refreshTokensIfOld(1);
        String token = fixtures.customerTokens().get(0);
        for (String[] route : List.of(new String[] {"gateway", node.gateway()}, new String[] {"catalog-direct", node.catalog()})) {
          String base = route[1] + "/api/v1/products/";
          bench.report().add(bench.openLoop().run(route[0], rate, bench.options().warmup(), bench.options().duration(),
              shot -> shot.client().getAbs(base + ids.get(ThreadLocalRandom.current().nextInt(ids.size())))
                  .bearerTokenAuthentication(token).send().compose(Bench.expect(200)), node.processes()));
        }
      }
    }
  }
}
