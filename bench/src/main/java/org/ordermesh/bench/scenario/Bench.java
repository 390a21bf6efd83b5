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
import org.ordermesh.bench.run.Report;

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
    report.note("nodeIdle", idleCores(node));
    return node;
  }

  public NodeLaunch launch(String logPrefix) {
    return NodeLaunch.of(options.nodeJar(), options.nodeJvmArgs(), options.resultsDir(), logPrefix);
  }

  public Api api(NodeUnderTest node) {
    return new Api(setupClient, node.gateway());
  }

  /** What the node burns with no request at all (relays, leases, consumers), to read the runs' figures against. */
  private static String idleCores(NodeUnderTest node) {
    CpuMeter cpu = new CpuMeter(node.processes());
    try {
      Thread.sleep(IDLE_SAMPLE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return CpuMeter.describe(cpu.stop()) + " (over " + IDLE_SAMPLE_MILLIS / 1000 + " s with no load, after start)";
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
