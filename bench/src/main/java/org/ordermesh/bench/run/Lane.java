package org.ordermesh.bench.run;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.HdrHistogram.Histogram;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One event loop of the generator. It fires its share of the timeline from a 1 ms timer: every shot whose
 * scheduled time has come is sent, however many are still in flight, and its latency is measured from that
 * scheduled time, so a slow server shows as latency rather than as fewer requests (no coordinated omission).
 */
final class Lane extends VerticleBase implements Shot.Source {

  private final Operation operation;
  private final long firstNanos;
  private final long intervalNanos;
  private final long measureFromNanos;
  private final long endNanos;
  private final int connections;
  private final int maxInFlight;
  private final Promise<LaneResult> done = Promise.promise();

  final Histogram latency = new Histogram(3);
  final Map<String, Histogram> parts = new TreeMap<>();
  final Map<String, Long> errors = new HashMap<>();
  long ok;
  long lastCompletionNanos;
  private WebClient client;
  private long timer;
  private long next;
  private long seq;
  private int inFlight;

  Lane(Operation operation, long firstNanos, long intervalNanos, long measureFromNanos, long endNanos,
       int connections, int maxInFlight) {
    this.operation = operation;
    this.firstNanos = firstNanos;
    this.intervalNanos = intervalNanos;
    this.measureFromNanos = measureFromNanos;
    this.endNanos = endNanos;
    this.connections = connections;
    this.maxInFlight = maxInFlight;
  }

  @Override
  public Future<?> start() {
    client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setUserAgentEnabled(false)
        .setConnectTimeout(5_000).setIdleTimeout(60), new PoolOptions().setHttp1MaxSize(connections));
    next = firstNanos;
    timer = vertx.setPeriodic(1, t -> fireDue());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    client.close();
    return Future.succeededFuture();
  }

  Future<LaneResult> done() {
    return done.future();
  }

  @Override
  public io.vertx.core.Vertx vertx() {
    return vertx;
  }

  @Override
  public WebClient client() {
    return client;
  }

  private void fireDue() {
    long now = System.nanoTime();
    while (next <= now && next < endNanos) {
      fire(next);
      next += intervalNanos;
    }
    if (next >= endNanos) {
      vertx.cancelTimer(timer);
      finishWhenDrained(now + 60_000_000_000L);
    }
  }

  private void fire(long intended) {
    boolean measured = intended >= measureFromNanos;
    if (inFlight >= maxInFlight) {
      // the generator's own guard against an unbounded backlog: counted, never hidden
      if (measured) {
        errors.merge("not sent: " + maxInFlight + " in flight", 1L, Long::sum);
      }
      return;
    }
    inFlight++;
    Future<?> outcome;
    try {
      outcome = operation.run(new Shot(this, seq++, measured ? intended : Long.MIN_VALUE));
    } catch (RuntimeException e) {
      outcome = Future.failedFuture(e);
    }
    outcome.onComplete(result -> {
      inFlight--;
      long now = System.nanoTime();
      if (!measured) {
        return;
      }
      lastCompletionNanos = Math.max(lastCompletionNanos, now);
      if (result.succeeded()) {
        ok++;
        latency.recordValue(Math.max(1, (now - intended) / 1_000));
      } else {
        errors.merge(String.valueOf(result.cause().getMessage()), 1L, Long::sum);
      }
    });
  }

  @Override
  public void recordPart(String name, long intended, long now) {
    if (intended != Long.MIN_VALUE) {
      parts.computeIfAbsent(name, n -> new Histogram(3)).recordValue(Math.max(1, (now - intended) / 1_000));
    }
  }

  private void finishWhenDrained(long deadline) {
    if (inFlight == 0 || System.nanoTime() > deadline) {
      if (inFlight > 0) {
        errors.merge("still in flight 60 s after the last shot", (long) inFlight, Long::sum);
      }
      done.tryComplete(new LaneResult(this));
      return;
    }
    vertx.setTimer(20, t -> finishWhenDrained(deadline));
  }
}
