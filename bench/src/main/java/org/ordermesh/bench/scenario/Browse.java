package org.ordermesh.bench.scenario;

import io.vertx.core.Future;
import org.ordermesh.bench.node.Fixtures;
import org.ordermesh.bench.node.NodeUnderTest;
import org.ordermesh.bench.run.RunResult;
import org.ordermesh.bench.run.Shot;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Product list pages: each shot either opens a new browse (a category and a price band, sorted by price, 20 a
 * page) or follows a cursor an earlier page returned, up to {@value #MAX_DEPTH} pages deep. The node warmed on
 * pages and by-id reads, the open-loop sweep, then the pages' closed-loop maximum and the by-id read's through the
 * gateway in the same run (issue 15: pages >= 10% of by-id), then, with the node stopped, the ceiling as in
 * {@link ProductRead}.
 */
public final class Browse {

  static final double PAGES_OF_BY_ID = 0.10;
  private static final int MAX_DEPTH = 5;
  private static final int SETUP_CONCURRENCY = 8;

  private Browse() {
  }

  private record NextPage(String url, int depth) {
  }

  public static void run(Bench bench) {
    RunResult pages;
    RunResult byId;
    try (NodeUnderTest node = bench.node()) {
      Fixtures fixtures = Fixtures.as(bench.api(node), node.adminEmail(), node.adminPassword());
      long start = System.nanoTime();
      List<String> ids = fixtures.products(bench.options().products(), SETUP_CONCURRENCY);
      bench.report().note("setup", "created " + ids.size() + " products in " + Bench.seconds(start) + " s");
      fixtures.customers(1, 1);
      String list = node.gateway() + "/api/v1/products";
      ConcurrentLinkedQueue<NextPage> warmCursors = new ConcurrentLinkedQueue<>();
      // both shots measured below, one after the other
      bench.warmUp(node, "pages and by-id reads", bench.options().inFlight(), shot -> shot.seq() % 2 == 0
          ? page(shot, list, fixtures, warmCursors) : ProductRead.read(shot, node.gateway(), ids, fixtures));
      for (int rate : bench.options().rates()) {
        fixtures.refreshTokensIfOld(1);
        ConcurrentLinkedQueue<NextPage> cursors = new ConcurrentLinkedQueue<>();
        bench.report().add(bench.openLoop().run("browse-page", rate, bench.options().warmup(), bench.options().duration(),
            shot -> page(shot, list, fixtures, cursors), node.processes()));
      }
      fixtures.refreshTokensIfOld(1);
      ConcurrentLinkedQueue<NextPage> cursors = new ConcurrentLinkedQueue<>();
      pages = bench.saturate(node, "browse-page", shot -> page(shot, list, fixtures, cursors));
      fixtures.refreshTokensIfOld(1);
      byId = bench.saturate(node, "by-id-gateway", shot -> ProductRead.read(shot, node.gateway(), ids, fixtures));
    }
    bench.report().share("pagesOfById", pages, "the by-id read through the gateway", byId.achieved(), PAGES_OF_BY_ID);
    if (bench.options().ceiling()) {
      double ceiling = Ceiling.measure(bench);
      bench.report().share("pagesOfCeiling", pages, "the ceiling", ceiling, 0);
      bench.report().share("byIdOfCeiling", byId, "the ceiling", ceiling, ProductRead.GATEWAY_OF_CEILING);
    }
  }

  private static Future<?> page(Shot shot, String list, Fixtures fixtures, ConcurrentLinkedQueue<NextPage> cursors) {
    NextPage next = cursors.poll();
    if (next == null) {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      int min = random.nextInt(0, 300);
      next = new NextPage(list + "?category=" + Fixtures.CATEGORIES.get(random.nextInt(Fixtures.CATEGORIES.size()))
          + "&minPrice=" + min + "&maxPrice=" + (min + 200) + "&sort=price&limit=20", 1);
    }
    NextPage current = next;
    return shot.client().getAbs(current.url()).bearerTokenAuthentication(fixtures.customerTokens().get(0)).send().compose(Bench.expect(200))
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
