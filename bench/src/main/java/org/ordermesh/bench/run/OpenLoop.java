package org.ordermesh.bench.run;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an operation at a fixed rate on a fixed timeline, spread over the generator's lanes (event loops):
 * a warm-up, then the measured window. Lane {@code i} of {@code n} fires at {@code t0 + (i + k n) / rate}.
 */
public final class OpenLoop {

  private final Vertx generator;
  private final int lanes;
  private final int connections;

  public OpenLoop(Vertx generator, int lanes, int connections) {
    this.generator = generator;
    this.lanes = lanes;
    this.connections = connections;
  }

  /** As {@link #run(String, int, Duration, Duration, Operation, List)}, watching no node's CPU. */
  public RunResult run(String label, int rate, Duration warmup, Duration duration, Operation operation) {
    return run(label, rate, warmup, duration, operation, List.of());
  }

  /** Runs one rate; the result says how many cores the node's processes, the generator and the machine used. */
  public RunResult run(String label, int rate, Duration warmup, Duration duration, Operation operation,
                       List<ProcessHandle> node) {
    CpuMeter cpu = new CpuMeter(node);
    return runTimeline(label, rate, warmup, duration, operation).withCores(cpu.stop());
  }

  private RunResult runTimeline(String label, int rate, Duration warmup, Duration duration, Operation operation) {
    long interval = TimeUnit.SECONDS.toNanos(1) / rate;
    long start = System.nanoTime() + 200_000_000L;
    long measureFrom = start + warmup.toNanos();
    long end = measureFrom + duration.toNanos();
    List<Lane> running = new ArrayList<>();
    List<Future<LaneResult>> results = new ArrayList<>();
    List<Future<String>> deployments = new ArrayList<>();
    int maxInFlight = Math.max(1_000, rate * 30 / lanes);
    for (int i = 0; i < lanes; i++) {
      Lane lane = new Lane(operation, start + i * interval, interval * lanes, measureFrom, end,
          Math.max(1, connections / lanes), maxInFlight);
      running.add(lane);
      results.add(lane.done());
      deployments.add(generator.deployVerticle(lane));
    }
    try {
      List<String> ids = Future.all(deployments).await(30, TimeUnit.SECONDS).list();
      List<LaneResult> finished = Future.all(results).await(duration.plus(warmup).toSeconds() + 120, TimeUnit.SECONDS).list();
      for (String id : ids) {
        generator.undeploy(id).await(10, TimeUnit.SECONDS);
      }
      return RunResult.merge(label, rate, measureFrom, end, finished);
    } catch (Exception e) {
      throw new IllegalStateException("run " + label + " at " + rate + "/s did not finish", e);
    }
  }
}
