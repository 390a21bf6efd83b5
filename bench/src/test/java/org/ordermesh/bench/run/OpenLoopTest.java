package org.ordermesh.bench.run;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class OpenLoopTest {

  private Vertx server;
  private Vertx generator;
  private HttpServer http;
  private final AtomicInteger requests = new AtomicInteger();
  private volatile long stallUntil;

  @BeforeEach
  void start() {
    server = Vertx.vertx();
    generator = Vertx.vertx();
    http = server.createHttpServer().requestHandler(request -> {
      requests.incrementAndGet();
      long wait = (stallUntil - System.nanoTime()) / 1_000_000;
      if (request.path().equals("/fail")) {
        request.response().setStatusCode(503).end();
      } else if (wait > 0) {
        server.setTimer(wait, t -> request.response().end("{}"));
      } else {
        request.response().end("{}");
      }
    }).listen(0, "127.0.0.1").await();
  }

  @AfterEach
  void stop() {
    generator.close().await();
    server.close().await();
  }

  private Operation get(String path) {
    String url = "http://127.0.0.1:" + http.actualPort() + path;
    return shot -> shot.client().getAbs(url).send()
        .compose(r -> r.statusCode() == 200 ? Future.succeededFuture() : Future.failedFuture("HTTP " + r.statusCode()));
  }

  @Test
  @DisplayName("requests go out on the timeline while the server stalls, and the stall shows in the latency")
  void aStallShowsAsLatencyNotAsFewerRequests() {
    var loop = new OpenLoop(generator, 2, 8);
    stallUntil = System.nanoTime() + Duration.ofMillis(2_200).toNanos();

    RunResult result = loop.run("stall", 200, Duration.ofMillis(500), Duration.ofSeconds(2), get("/ok"));

    assertThat(requests.get()).isBetween(480, 520);
    assertThat(result.ok()).isBetween(380L, 420L);
    // shots scheduled early in the window waited for the stall to end: a closed loop would hide that
    assertThat(RunResult.millis(result.latency(), 50)).isGreaterThan(100);
    assertThat(result.errorCount()).isZero();
  }

  @Test
  @DisplayName("failed requests are counted by reason and left out of the latency")
  void errorsAreCountedByReason() {
    var loop = new OpenLoop(generator, 2, 8);

    RunResult result = loop.run("fail", 100, Duration.ofMillis(200), Duration.ofSeconds(1), get("/fail"));

    assertThat(result.ok()).isZero();
    assertThat(result.errors()).containsOnlyKeys("HTTP 503");
    assertThat(result.errors().get("HTTP 503")).isBetween(95L, 105L);
    assertThat(result.latency().getTotalCount()).isZero();
  }
}
