package org.ordermesh.bench.run;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A fixed number of operations in flight, each started as soon as the one before it ended: as fast as the
 * server answers. It finds a server's maximum (its throughput at saturation); its latencies are from each
 * operation's own start, so they do not show queueing the way an open loop's do.
 */
public final class ClosedLoop {

  private final Vertx generator;
  private final int lanes;

  public ClosedLoop(Vertx generator, int lanes) {
    this.generator = generator;
    this.lanes = lanes;
  }

  /** {@code inFlight} operations at once for the warm-up and the measured window; the result's target is {@code inFlight}. */
  public RunResult run(String label, int inFlight, Duration warmup, Duration duration, Operation operation,
                       List<ProcessHandle> node) {
    CpuMeter cpu = new CpuMeter(node);
    long measureFrom = System.nanoTime() + warmup.toNanos();
    long end = measureFrom + duration.toNanos();
    List<Future<String>> deployments = new ArrayList<>();
    List<Future<LaneResult>> results = new ArrayList<>();
    for (int i = 0; i < lanes; i++) {
      int workers = inFlight / lanes + (i < inFlight % lanes ? 1 : 0);
      Worker lane = new Worker(operation, workers, measureFrom, end);
      results.add(lane.done.future());
      deployments.add(generator.deployVerticle(lane));
    }
    try {
      List<String> ids = Future.all(deployments).await(30, TimeUnit.SECONDS).list();
      List<LaneResult> finished = Future.all(results).await(warmup.plus(duration).toSeconds() + 120, TimeUnit.SECONDS).list();
      for (String id : ids) {
        generator.undeploy(id).await(10, TimeUnit.SECONDS);
      }
      return RunResult.merge(label, inFlight, measureFrom, end, finished).withCores(cpu.stop());
    } catch (Exception e) {
      throw new IllegalStateException("closed loop " + label + " with " + inFlight + " in flight did not finish", e);
    }
  }

  /** One event loop's share of the operations in flight. */
  private static final class Worker extends VerticleBase implements Shot.Source {

    private final Operation operation;
    private final int workers;
    private final long measureFrom;
    private final long end;
    private final Promise<LaneResult> done = Promise.promise();
    private final Histogram latency = new Histogram(3);
    private final Map<String, Histogram> parts = new TreeMap<>();
    private final Map<String, Long> errors = new HashMap<>();
    private long ok;
    private long last;
    private long seq;
    private int running;
    private WebClient client;

    Worker(Operation operation, int workers, long measureFrom, long end) {
      this.operation = operation;
      this.workers = workers;
      this.measureFrom = measureFrom;
      this.end = end;
    }

    @Override
    public Future<?> start() {
      client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setUserAgentEnabled(false)
        .setConnectTimeout(5_000), new PoolOptions().setHttp1MaxSize(Math.max(1, workers)));
      running = workers;
      if (workers == 0) {
        done.complete(new LaneResult(latency, parts, errors, ok, last));
      }
      for (int i = 0; i < workers; i++) {
        next();
      }
      return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
      client.close();
      return Future.succeededFuture();
    }

    private void next() {
      long started = System.nanoTime();
      if (started >= end) {
        if (--running == 0) {
          done.tryComplete(new LaneResult(latency, parts, errors, ok, last));
        }
        return;
      }
      boolean measured = started >= measureFrom;
      Future<?> outcome;
      try {
        outcome = operation.run(new Shot(this, seq++, measured ? started : Long.MIN_VALUE));
      } catch (RuntimeException e) {
        outcome = Future.failedFuture(e);
      }
      outcome.onComplete(result -> {
        long now = System.nanoTime();
        if (measured) {
          last = Math.max(last, now);
          if (result.succeeded()) {
            ok++;
            latency.recordValue(Math.max(1, (now - started) / 1_000));
          } else {
            errors.merge(String.valueOf(result.cause().getMessage()), 1L, Long::sum);
          }
        }
        next();
      });
    }

    @Override
    public WebClient client() {
      return client;
    }

    @Override
    public Vertx vertx() {
      return vertx;
    }

    @Override
    public void recordPart(String name, long intended, long now) {
      if (intended != Long.MIN_VALUE) {
        parts.computeIfAbsent(name, n -> new Histogram(3)).recordValue(Math.max(1, (now - intended) / 1_000));
      }
    }
  }
}
