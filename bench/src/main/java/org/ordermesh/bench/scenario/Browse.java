package org.ordermesh.bench.scenario;

import io.vertx.core.Future;
import org.ordermesh.bench.node.Fixtures;
import org.ordermesh.bench.node.NodeUnderTest;
import org.ordermesh.bench.run.Shot;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Product list pages: each shot either opens a new browse (a category and a price band, sorted by price, 20 a
 * page) or follows a cursor an earlier page returned, up to {@value #MAX_DEPTH} pages deep.
 */
public final class Browse {

  private static final int MAX_DEPTH = 5;
  private static final int SETUP_CONCURRENCY = 8;

  private Browse() {
  }

  private record NextPage(String url, int depth) {
  }

  public static void run(Bench bench) {
    try (NodeUnderTest node = bench.node()) {
      Fixtures fixtures = Fixtures.as(bench.api(node), node.adminEmail(), node.adminPassword());
      long start = System.nanoTime();
      int created = fixtures.products(bench.options().products(), SETUP_CONCURRENCY).size();
      bench.report().note("setup", "created " + created + " products in " + Bench.seconds(start) + " s");
      fixtures.customers(1, 1);
      String list = node.gateway() + "/api/v1/products";
      for (int rate : bench.options().rates()) {
        fixtures.refreshTokensIfOld(1);
        String token = fixtures.customerTokens().get(0);
        ConcurrentLinkedQueue<NextPage> cursors = new ConcurrentLinkedQueue<>();
        bench.report().add(bench.openLoop().run("browse-page", rate, bench.options().warmup(), bench.options().duration(),
            shot -> page(shot, list, token, cursors), node.processes()));
      }
    }
  }

  private static Future<?> page(Shot shot, String list, String token, ConcurrentLinkedQueue<NextPage> cursors) {
    NextPage next = cursors.poll();
    if (next == null) {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      int min = random.nextInt(0, 300);
      next = new NextPage(list + "?category=" + Fixtures.CATEGORIES.get(random.nextInt(Fixtures.CATEGORIES.size()))
          + "&minPrice=" + min + "&maxPrice=" + (min + 200) + "&sort=price&limit=20", 1);
    }
    NextPage current = next;
    return shot.client().getAbs(current.url()).bearerTokenAuthentication(token).send().compose(Bench.expect(200))
        .map(response -> {
          shot.mark(current.depth() == 1 ? "first-page" : "next-page");
          String cursor = response.bodyAsJsonObject().getString("nextCursor");
          if (cursor != null && current.depth() < MAX_DEPTH) {
            cursors.add(new NextPage(withCursor(current.url(), cursor), current.depth() + 1));
          }
          return response;
        });
  }

  private static String withCursor(String url, String cursor) {
    String base = url.replaceFirst("&cursor=[^&]*", "");
    return base + "&cursor=" + java.net.URLEncoder.encode(cursor, java.nio.charset.StandardCharsets.UTF_8);
  }
}
