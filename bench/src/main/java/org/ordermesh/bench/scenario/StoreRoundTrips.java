package org.ordermesh.bench.scenario;

import org.ordermesh.bench.Pause;

import io.vertx.core.json.JsonObject;
import org.ordermesh.bench.node.Api;
import org.ordermesh.bench.node.Fixtures;
import org.ordermesh.bench.node.NodeUnderTest;
import org.ordermesh.bench.store.StoreProxy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Store round trips per confirmed order, counted on the wire: a store node (embedded Mongo and Kafka, no
 * services), the counting {@link StoreProxy}, and a services node whose {@code MONGO_URI} is the proxy.
 * The node's own background traffic (relay scans, leases, health pings) is measured while idle first and
 * subtracted; orders are placed without being watched, so status reads do not count; the window closes once
 * the traffic is back to the idle level; then every order is read to see it CONFIRMED.
 */
final class StoreRoundTrips {

  private static final int ORDERS = 200;
  private static final int RATE = 20;
  private static final long IDLE_MILLIS = 5_000;

  private StoreRoundTrips() {
  }

  static void count(Bench bench) {
    StoreProxy proxy = new StoreProxy(bench.generator());
    try (NodeUnderTest node = NodeUnderTest.startBehindStoreProxy(bench.generator(), bench.launch("store-count"), proxy::start)) {
      OrderSetup setup = OrderSetup.prepare(bench, node, 20, 2);
      OrderFlow flow = setup.flow(bench, node);
      place(bench, flow, setup, 20);
      Pause.millis(3_000);

      Map<String, Long> before = proxy.snapshot();
      Pause.millis(IDLE_MILLIS);
      Map<String, Long> idle = minus(proxy.snapshot(), before);
      double idlePerSecond = total(idle) * 1000.0 / IDLE_MILLIS;

      long windowStart = System.nanoTime();
      Map<String, Long> start = proxy.snapshot();
      List<String> ids = place(bench, flow, setup, ORDERS);
      awaitQuiet(proxy, idlePerSecond);
      double windowSeconds = (System.nanoTime() - windowStart) / 1e9;
      Map<String, Long> window = minus(proxy.snapshot(), start);

      long confirmed = confirmed(bench.api(node), setup.fixtures(), ids);
      Map<String, Double> perOrder = new TreeMap<>();
      window.forEach((key, n) -> {
        double background = idle.getOrDefault(key, 0L) * windowSeconds * 1000 / IDLE_MILLIS;
        double net = (n - background) / Math.max(1, confirmed);
        if (Math.abs(net) >= 0.05) {
          perOrder.put(key, Math.round(net * 100) / 100.0);
        }
      });
      double sum = perOrder.values().stream().mapToDouble(Double::doubleValue).sum();
      bench.report().note("storeRoundTrips", new JsonObject()
          .put("perConfirmedOrder", Math.round(sum * 10) / 10.0)
          .put("orders", ids.size()).put("confirmed", confirmed)
          .put("windowSeconds", Math.round(windowSeconds * 10) / 10.0)
          .put("idleRoundTripsPerSecond", Math.round(idlePerSecond * 10) / 10.0)
          .put("byDatabaseAndCommand", new JsonObject(new HashMap<String, Object>(perOrder))));
    } finally {
      proxy.close();
    }
  }

  /** Places {@code count} orders at {@value #RATE}/s without watching them; returns their ids. */
  private static List<String> place(Bench bench, OrderFlow flow, OrderSetup setup, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(flow.place(bench.setupClient(), flow.randomToken()).await());
      Pause.millis(1000 / RATE);
    }
    return ids;
  }

  /** Waits until a second's traffic is back near the idle rate twice running (at most 60 s). */
  private static void awaitQuiet(StoreProxy proxy, double idlePerSecond) {
    int quietSeconds = 0;
    long last = total(proxy.snapshot());
    for (int i = 0; i < 60 && quietSeconds < 2; i++) {
      Pause.millis(1_000);
      long now = total(proxy.snapshot());
      quietSeconds = now - last <= idlePerSecond * 1.5 + 3 ? quietSeconds + 1 : 0;
      last = now;
    }
  }

  private static long confirmed(Api api, Fixtures fixtures, List<String> ids) {
    return ids.stream().filter(id -> "CONFIRMED".equals(
        api.getOrder(fixtures.adminToken(), id).await().getString("status"))).count();
  }

  private static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
    Map<String, Long> diff = new TreeMap<>();
    after.forEach((key, n) -> diff.put(key, n - before.getOrDefault(key, 0L)));
    return diff;
  }

  private static long total(Map<String, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }
}
