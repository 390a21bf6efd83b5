package org.ordermesh.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.ordermesh.bench.peer.FlaskPeer;
import org.ordermesh.bench.run.ClosedLoop;
import org.ordermesh.bench.run.OpenLoop;
import org.ordermesh.bench.run.Report;
import org.ordermesh.bench.scenario.Bench;
import org.ordermesh.bench.scenario.Browse;
import org.ordermesh.bench.scenario.Ceiling;
import org.ordermesh.bench.scenario.OrderGrowth;
import org.ordermesh.bench.scenario.OrderHot;
import org.ordermesh.bench.scenario.OrderScenario;
import org.ordermesh.bench.scenario.Peer;
import org.ordermesh.bench.scenario.ProductRead;

import java.util.concurrent.TimeUnit;

/** {@code java -jar ordermesh-bench.jar <scenario> [options]}: see {@link BenchOptions#USAGE}. */
public final class BenchMain {

  private BenchMain() {
  }

  public static void main(String[] args) {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(BenchOptions.USAGE);
      System.exit(2);
      return;
    }
    Vertx generator = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(options.lanes()));
    WebClient setupClient = WebClient.create(generator, new WebClientOptions().setUserAgentEnabled(false),
        new PoolOptions().setHttp1MaxSize(64));
    Report report = new Report(options.scenario(), describe(options), options.p99LimitMs());
    Bench bench = new Bench(options, generator, new OpenLoop(generator, options.lanes(), options.connections()),
        new ClosedLoop(generator, options.lanes()), report, setupClient);
    int status = 0;
    try {
      switch (options.scenario()) {
        case "ceiling" -> Ceiling.run(bench);
        case "product-read" -> ProductRead.run(bench);
        case "browse" -> Browse.run(bench);
        case "order" -> OrderScenario.run(bench);
        case "order-hot" -> OrderHot.run(bench);
        case "order-growth" -> OrderGrowth.run(bench);
        case "peer" -> Peer.run(bench);
        default -> throw new IllegalArgumentException(options.scenario());
      }
    } catch (FlaskPeer.MissingPeer e) {
      System.err.println("peer: " + e.getMessage());
      report.note("failure", e.getMessage());
      status = 3;
    } catch (RuntimeException e) {
      e.printStackTrace();
      report.note("failure", String.valueOf(e));
      status = 1;
    } finally {
      report.finish(options.resultsDir());
      generator.close().await();
    }
    System.exit(status);
  }

  private static JsonObject describe(BenchOptions options) {
    return new JsonObject().put("rates", options.rates()).put("warmupSeconds", options.warmup().toMillis() / 1000.0)
        .put("durationSeconds", options.duration().toMillis() / 1000.0)
        .put("target", options.target().orElse("started by the harness")).put("products", options.products())
        .put("customers", options.customers()).put("connections", options.connections()).put("lanes", options.lanes())
        .put("stored", options.stored()).put("confirm", options.confirm())
        .put("inFlight", options.inFlightLevels()).put("burst", options.burst()).put("ceiling", options.ceiling())
        .put("peerDir", options.peerDir().toString());
  }
}
