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
 * the sweep's rates. What the node reaches is read against this, on the same machine and generator.
 */
public final class Ceiling {

  private static final Buffer BODY = Buffer.buffer(
      "{\"id\":\"4f1c2d8e-0000-4000-8000-000000000001\",\"name\":\"Bench product\",\"price\":12.5,\"currency\":\"EUR\"}");

  private Ceiling() {
  }

  public static void run(Bench bench) {
    Vertx server = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    try {
      int port = freePort();
      server.deployVerticle(() -> new BareVerticle(port), new DeploymentOptions().setInstances(2))
          .await();
      String url = "http://127.0.0.1:" + port + "/product";
      for (int rate : bench.options().rates()) {
        bench.report().add(bench.openLoop().run("bare-verticle", rate, bench.options().warmup(),
            bench.options().duration(), shot -> shot.client().getAbs(url).send().compose(Bench.expect(200))));
      }
    } finally {
      server.close().await();
    }
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
