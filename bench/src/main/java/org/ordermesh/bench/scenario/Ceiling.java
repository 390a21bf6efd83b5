package org.ordermesh.bench.scenario;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;

import java.util.concurrent.TimeUnit;

/**
 * The ceiling: a bare Vert.x verticle in this process answering a small JSON, on its own event loops, hit at
 * the sweep's rates and then in closed loops ({@code --in-flight} requests at once, as fast as answers come, at
 * each level given), whose best is its maximum: the rate it cannot exceed. What the node reaches is read against
 * that maximum, on the same machine and generator: the order scenarios measure it first in their own run, the
 * reads last (once their node is stopped).
 */
public final class Ceiling {

  private static final Buffer BODY = Buffer.buffer(
      "{\"id\":\"4f1c2d8e-0000-4000-8000-000000000001\",\"name\":\"Bench product\",\"price\":12.5,\"currency\":\"EUR\"}");

  private Ceiling() {
  }

  // the order scenarios' --in-flight is theirs, not the ceiling's: the reads' default levels
  private static final java.util.List<Integer> SATURATING_IN_FLIGHT = java.util.List.of(32, 128);

  public static void run(Bench bench) {
    Vertx server = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    try {
      String url = start(server);
      for (int rate : bench.options().rates()) {
        bench.report().add(bench.openLoop().run("bare-verticle", rate, bench.options().warmup(),
            bench.options().duration(), shot -> shot.client().getAbs(url).send().compose(Bench.expect(200))));
      }
      saturate(bench, url, bench.options().inFlightLevels());
    } finally {
      server.close().await();
    }
  }

  /**
   * The bare server's maximum, measured now in closed loops (the best of {@code --in-flight} for the reads, of 32
   * and 128 for the order scenarios), noted as the run's ceiling; answers requests/s.
   */
  public static double measure(Bench bench) {
    Vertx server = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    boolean orders = bench.options().scenario().startsWith("order");
    try {
      return saturate(bench, start(server), orders ? SATURATING_IN_FLIGHT : bench.options().inFlightLevels());
    } finally {
      server.close().await();
    }
  }

  private static double saturate(Bench bench, String url, java.util.List<Integer> levels) {
    var best = bench.saturate("bare-verticle", levels,
        shot -> shot.client().getAbs(url).send().compose(Bench.expect(200)), java.util.List.of());
    bench.report().ceiling(best.achieved());
    return best.achieved();
  }

  private static String start(Vertx server) {
    int port = freePort();
    server.deployVerticle(() -> new BareVerticle(port), new DeploymentOptions().setInstances(2)).await();
    return "http://127.0.0.1:" + port + "/product";
  }

  private static int freePort() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Answers every request with the same small JSON; its instances share one port. */
  static final class BareVerticle extends VerticleBase {

    private final int port;
    private HttpServer http;

    BareVerticle(int port) {
      this.port = port;
    }

    @Override
    public Future<?> start() {
      return vertx.createHttpServer()
          .requestHandler(request -> request.response().putHeader("Content-Type", "application/json").end(BODY))
          .listen(port, "127.0.0.1")
          .onSuccess(started -> http = started);
    }

    @Override
    public Future<?> stop() {
      return http.close();
    }
  }
}
