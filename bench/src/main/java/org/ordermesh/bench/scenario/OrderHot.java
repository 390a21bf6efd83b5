package org.ordermesh.bench.scenario;

import io.vertx.core.Future;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.ordermesh.bench.node.NodeUnderTest;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A flash sale: every order on one product. The open loop at the sweep's rates, then a closed loop
 * ({@code --in-flight} orders at once, each placed as soon as the one before was confirmed), then the burst
 * check: {@code --burst} orders from {@code --in-flight} connections as fast as answers come, where every order
 * answered 202 must be CONFIRMED within 60 s of its post and the only refusals are 503s at the door (retried
 * with the same key after Retry-After).
 */
public final class OrderHot {

  private static final long CONFIRMED_WITHIN_MILLIS = 60_000;

  private OrderHot() {
  }

  public static void run(Bench bench) {
    if (bench.options().ceiling()) {
      Ceiling.measure(bench);
    }
    try (NodeUnderTest node = bench.node()) {
      OrderSetup setup = OrderSetup.prepare(bench, node, 1, bench.options().customers());
      OrderFlow flow = setup.flow(bench, node);
      setup.warmUp(bench, node, flow);
      for (int rate : bench.options().rates()) {
        setup.fixtures().refreshTokensIfOld(2);
        bench.report().add(bench.openLoop().run("order-hot-confirmed", rate, bench.options().warmup(),
            bench.options().duration(), flow::run, node.processes()));
      }
      setup.fixtures().refreshTokensIfOld(2);
      bench.report().add(bench.closedLoop().run("order-hot-closed", bench.options().inFlight(), bench.options().warmup(),
          bench.options().duration(), flow::run, node.processes()));
      if (bench.options().burst() > 0) {
        setup.fixtures().refreshTokensIfOld(2);
        burst(bench, flow, bench.options().burst(), bench.options().inFlight());
      }
    }
  }

  private static void burst(Bench bench, OrderFlow flow, int orders, int connections) {
    WebClient client = WebClient.create(bench.generator(), new WebClientOptions().setUserAgentEnabled(false),
        new PoolOptions().setHttp1MaxSize(connections));
    var left = new AtomicInteger(orders);
    var refusals = new AtomicLong();
    var late = new AtomicLong();
    var failures = new ConcurrentHashMap<String, Long>();
    var confirmed = new AtomicLong();
    long start = System.nanoTime();
    List<Future<Void>> lanes = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      lanes.add(lane(bench, flow, client, left, refusals, late, failures, confirmed));
    }
    try {
      Future.all(lanes).await(orders * 2L + 120, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the burst did not finish", e);
    } finally {
      client.close();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    boolean kept = confirmed.get() == orders && late.get() == 0 && failures.isEmpty();
    bench.report().note("burst", String.format(java.util.Locale.ROOT,
        "%d orders on one product from %d connections in %.1f s (%.1f confirmed/s): %d CONFIRMED within %d s of their "
            + "202, %d confirmed later, %d refused at the door (503, retried), failures %s: %s",
        orders, connections, seconds, confirmed.get() / seconds, confirmed.get() - late.get(),
        CONFIRMED_WITHIN_MILLIS / 1000, late.get(), refusals.get(), failures, kept ? "KEPT" : "BROKEN"));
  }

  // one connection's orders, one after the other: placed (retried on 503), then watched until final
  private static Future<Void> lane(Bench bench, OrderFlow flow, WebClient client, AtomicInteger left, AtomicLong refusals,
                                   AtomicLong late, ConcurrentHashMap<String, Long> failures, AtomicLong confirmed) {
    if (left.getAndDecrement() <= 0) {
      return Future.succeededFuture();
    }
    String token = flow.randomToken();
    var posted = new AtomicLong();
    return flow.placeRetried(client, bench.generator(), token, UUID.randomUUID().toString(), refusals)
        .compose(id -> {
          posted.set(System.nanoTime());
          return flow.untilFinal(client, token, id);
        })
        .onSuccess(v -> {
          confirmed.incrementAndGet();
          if (System.nanoTime() - posted.get() > CONFIRMED_WITHIN_MILLIS * 1_000_000L) {
            late.incrementAndGet();
          }
        })
        .onFailure(error -> failures.merge(String.valueOf(error.getMessage()), 1L, Long::sum))
        .transform(done -> lane(bench, flow, client, left, refusals, late, failures, confirmed));
  }
}
