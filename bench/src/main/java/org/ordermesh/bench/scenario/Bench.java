package org.ordermesh.bench.scenario;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.ordermesh.bench.BenchOptions;
import org.ordermesh.bench.node.Api;
import org.ordermesh.bench.node.NodeLaunch;
import org.ordermesh.bench.node.NodeUnderTest;
import org.ordermesh.bench.run.ClosedLoop;
import org.ordermesh.bench.run.CpuMeter;
import org.ordermesh.bench.run.OpenLoop;
import org.ordermesh.bench.run.Operation;
import org.ordermesh.bench.run.Report;
import org.ordermesh.bench.run.RunResult;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** What every scenario works with: the options, the generator, the report, and a way to reach a node. */
public record Bench(BenchOptions options, Vertx generator, OpenLoop openLoop, ClosedLoop closedLoop, Report report,
                    WebClient setupClient) {

  private static final long IDLE_SAMPLE_MILLIS = 5_000;

  /** The node under test: {@code --target}, or a fresh one started for this scenario. */
  public NodeUnderTest node() {
    if (options.target().isPresent()) {
      String gateway = options.target().get();
      String catalog = options.catalogTarget().orElse(gateway.replaceFirst(":\\d+$", ":8082"));
      return NodeUnderTest.target(gateway, catalog, options.adminEmail(), options.adminPassword()
          .orElseThrow(() -> new IllegalArgumentException("--target needs --admin-password")));
    }
    long start = System.nanoTime();
    NodeUnderTest node = NodeUnderTest.start(generator, launch(options.scenario()));
    report.note("nodeStartSeconds", seconds(start));
    report.note("nodeIdle", idleCores(node, "after start"));
    return node;
  }

  public NodeLaunch launch(String logPrefix) {
    return NodeLaunch.of(options.nodeJar(), options.nodeJvmArgs(), options.resultsDir(), logPrefix);
  }

  public Api api(NodeUnderTest node) {
    return new Api(setupClient, node.gateway());
  }

  /**
   * {@code --node-warmup} of {@code operation} in a closed loop, {@code inFlight} at once, unmeasured: a cold node
   * spends its first minutes in the JIT compiler (about a core on 2), and every figure measured meanwhile pays
   * for it. The note says how many operations it took; answers that count (0 when there is no warm-up).
   */
  public long warmUp(NodeUnderTest node, String what, int inFlight, Operation operation) {
    Duration warmup = options.nodeWarmup();
    if (warmup.isZero()) {
      return 0;
    }
    RunResult result = closedLoop.run("node-warmup", inFlight, Duration.ZERO, warmup, operation, node.processes());
    report.note("nodeWarmup", String.format(Locale.ROOT, "%d %s in %d s (%d errors), %d in flight, not measured",
        result.ok(), what, warmup.toSeconds(), result.errorCount(), inFlight));
    return result.ok();
  }

  /**
   * Closed loops to saturation, one at each {@code --in-flight} level, labelled {@code <label>-max} and added to
   * the report; answers the best (the route's maximum).
   */
  public RunResult saturate(NodeUnderTest node, String label, Operation operation) {
    return saturate(label, options.inFlightLevels(), operation, node.processes());
  }

  RunResult saturate(String label, List<Integer> levels, Operation operation, List<ProcessHandle> processes) {
    RunResult best = null;
    for (int inFlight : levels) {
      RunResult result = closedLoop.run(label + "-max", inFlight, options.warmup(), options.duration(), operation,
          processes);
      report.add(result);
      best = best == null || result.achieved() > best.achieved() ? result : best;
    }
    return best;
  }

  /** What the node burns with no request at all (relays, leases, consumers), to read the runs' figures against. */
  static String idleCores(NodeUnderTest node, String when) {
    CpuMeter cpu = new CpuMeter(node.processes());
    try {
      Thread.sleep(IDLE_SAMPLE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return CpuMeter.describe(cpu.stop()) + " (over " + IDLE_SAMPLE_MILLIS / 1000 + " s with no load, " + when + ")";
  }

  /** Rounded to a tenth of a second, for notes. */
  public static double seconds(long sinceNanos) {
    return Math.round((System.nanoTime() - sinceNanos) / 1e8) / 10.0;
  }

  /** The response if its status is {@code expected}, else a failure named after the status. */
  public static Function<HttpResponse<Buffer>, Future<HttpResponse<Buffer>>> expect(int expected) {
    return response -> response.statusCode() == expected
        ? Future.succeededFuture(response)
        : Future.failedFuture("HTTP " + response.statusCode());
  }
}
