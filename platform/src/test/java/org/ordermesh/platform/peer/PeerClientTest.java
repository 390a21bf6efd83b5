package org.ordermesh.platform.peer;

import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.platform.discovery.PeerNotFoundException;
import org.ordermesh.platform.testing.Await;
import org.ordermesh.platform.testing.TestNode;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("a peer call")
class PeerClientTest {

  private static TestNode node;
  private static HttpServer server;
  private static final AtomicInteger hits = new AtomicInteger();
  private static final AtomicInteger failuresLeft = new AtomicInteger();
  private static volatile int failureStatus = 500;

  @BeforeAll
  static void startFlakyPeer() throws Exception {
    node = TestNode.start();
    server = node.vertx().createHttpServer().requestHandler(request -> {
      hits.incrementAndGet();
      if (failuresLeft.getAndDecrement() > 0) {
        request.response().setStatusCode(failureStatus).end("{\"error\":true}");
      } else {
        request.response().putHeader("content-type", "application/json").end("{\"ok\":true}");
      }
    }).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    // each test has its own peer name, hence its own breaker
    for (var name : java.util.List.of("flaky-retry", "flaky-breaker", "flaky-recovery", "flaky-refusal")) {
      node.runtime().registry().publishHttp(name, "127.0.0.1", server.actualPort()).await(10, TimeUnit.SECONDS);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  @BeforeEach
  void reset() {
    hits.set(0);
    failuresLeft.set(0);
    failureStatus = 500;
  }

  private static PeerClient client(PeerOptions options) {
    return PeerClient.create(node.vertx(), options);
  }

  @Test
  @DisplayName("is retried with backoff until the peer answers")
  void retriesUntilThePeerAnswers() throws Exception {
    var peer = client(PeerOptions.defaults("flaky-retry").withRetries(3, 10, 50));
    failuresLeft.set(2);

    var response = peer.http(HttpMethod.GET, "/anything", null).await(10, TimeUnit.SECONDS);

    assertThat(response.bodyAsJsonObject().getBoolean("ok")).isTrue();
    assertThat(hits).hasValue(3);
    assertThat(peer.state()).isEqualTo(CircuitBreakerState.CLOSED);
  }

  @Test
  @DisplayName("opens its breaker after repeated failures, then fails fast or answers with the fallback")
  void opensTheBreakerAndFallsBack() throws Exception {
    var peer = client(PeerOptions.defaults("flaky-breaker").withRetries(0, 10, 50).withBreaker(2, 60_000));
    failuresLeft.set(100);

    for (var i = 0; i < 2; i++) {
      assertThatThrownBy(() -> peer.http(HttpMethod.GET, "/x", null).await(10, TimeUnit.SECONDS))
        .isInstanceOf(PeerUnavailableException.class);
    }
    assertThat(peer.state()).isEqualTo(CircuitBreakerState.OPEN);
    assertThat(breakerGauge()).isEqualTo(2.0);

    var hitsWhenOpen = hits.get();
    assertThatThrownBy(() -> peer.http(HttpMethod.GET, "/x", null).await(10, TimeUnit.SECONDS))
      .isInstanceOf(PeerUnavailableException.class);
    var fallback = peer.withFallback(peer.http(HttpMethod.GET, "/x", null).map(r -> "fresh"), error -> "cached")
      .await(10, TimeUnit.SECONDS);

    assertThat(fallback).isEqualTo("cached");
    assertThat(hits).hasValue(hitsWhenOpen);
  }

  @Test
  @DisplayName("lets one trial call through once the breaker is half-open, and closes it when the peer recovered")
  void recoversThroughHalfOpen() throws Exception {
    var peer = client(PeerOptions.defaults("flaky-recovery").withRetries(0, 10, 50).withBreaker(1, 200));
    failuresLeft.set(1);
    assertThatThrownBy(() -> peer.http(HttpMethod.GET, "/x", null).await(10, TimeUnit.SECONDS))
      .isInstanceOf(PeerUnavailableException.class);
    assertThat(peer.state()).isEqualTo(CircuitBreakerState.OPEN);

    Await.until(Duration.ofSeconds(5), () -> peer.state() == CircuitBreakerState.HALF_OPEN);
    var response = peer.http(HttpMethod.GET, "/x", null).await(10, TimeUnit.SECONDS);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(peer.state()).isEqualTo(CircuitBreakerState.CLOSED);
  }

  @Test
  @DisplayName("refused by a healthy peer is neither retried nor counted against the breaker")
  void refusalsAreNotFailures() {
    // a generous timeout: a first attempt timed out on a loaded machine would be retried and find the peer healed
    var peer = client(PeerOptions.defaults("flaky-refusal").withTimeout(15_000).withRetries(3, 10, 50).withBreaker(1, 60_000));
    failureStatus = 404;
    failuresLeft.set(1);

    assertThatThrownBy(() -> peer.http(HttpMethod.GET, "/missing", null).await(10, TimeUnit.SECONDS))
      .isInstanceOfSatisfying(PeerRejectedException.class, e -> assertThat(e.status()).isEqualTo(404));
    assertThat(hits).hasValue(1);
    assertThat(peer.state()).isEqualTo(CircuitBreakerState.CLOSED);
  }

  @Test
  @DisplayName("over the event bus reaches the address published in discovery and maps failure codes")
  void eventBusRequests() throws Exception {
    var bus = node.vertx().eventBus();
    bus.<JsonObject>consumer("test.echo", message -> {
      if (message.body().getBoolean("refuse", false)) {
        message.fail(409, "conflict");
      } else {
        message.reply(new JsonObject().put("echo", message.body().getString("text")));
      }
    }).completion().await(10, TimeUnit.SECONDS);
    node.runtime().registry().publishEventBus("echo", "test.echo").await(10, TimeUnit.SECONDS);
    var peer = client(PeerOptions.defaults("echo"));

    var reply = peer.request(new JsonObject().put("v", 1).put("text", "hi")).await(10, TimeUnit.SECONDS);

    assertThat(reply.getString("echo")).isEqualTo("hi");
    assertThatThrownBy(() -> peer.request(new JsonObject().put("refuse", true)).await(10, TimeUnit.SECONDS))
      .isInstanceOfSatisfying(PeerRejectedException.class, e -> assertThat(e.status()).isEqualTo(409));
  }

  @Test
  @DisplayName("past its bound in flight waits in the node, untimed, so a peer that queues is not taken for dead")
  void boundedInFlight() throws Exception {
    // the peer answers each request 200 ms after it came, counting how many it holds at once
    var answering = new AtomicInteger();
    var mostAtOnce = new AtomicInteger();
    var bus = node.vertx().eventBus();
    bus.<JsonObject>consumer("test.serial", message -> {
      mostAtOnce.accumulateAndGet(answering.incrementAndGet(), Math::max);
      node.vertx().setTimer(200, t -> {
        answering.decrementAndGet();
        message.reply(new JsonObject().put("n", message.body().getInteger("n")));
      });
    }).completion().await(10, TimeUnit.SECONDS);
    node.runtime().registry().publishEventBus("serial", "test.serial").await(10, TimeUnit.SECONDS);
    // one at a time, the 12th is sent ~2.2 s after it was asked, past the 1.5 s timeout: its wait in the node is not timed
    var peer = client(PeerOptions.defaults("serial").withTimeout(1_500).withRetries(0, 10, 50).withBreaker(2, 60_000)
      .withMaxInFlight(1));

    var calls = java.util.stream.IntStream.range(0, 12)
      .mapToObj(n -> peer.request(new JsonObject().put("v", 1).put("n", n))).toList();
    var replies = io.vertx.core.Future.all(calls).await(30, TimeUnit.SECONDS);

    assertThat(replies.size()).isEqualTo(12);
    assertThat(mostAtOnce).hasValue(1);
    assertThat(peer.state()).isEqualTo(CircuitBreakerState.CLOSED);
  }

  @Test
  @DisplayName("to a fixed address reaches a consumer no one published, under the peer's breaker")
  void fixedAddress() throws Exception {
    node.vertx().eventBus().<JsonObject>consumer("test.unpublished", message -> {
      if (message.body().getBoolean("refuse", false)) {
        message.fail(409, "conflict");
      } else {
        message.reply(new JsonObject().put("echo", message.body().getString("text")));
      }
    }).completion().await(10, TimeUnit.SECONDS);
    var peer = client(PeerOptions.defaults("unpublished-step").withRetries(0, 10, 50).withBreaker(2, 60_000));

    var reply = peer.requestAt("test.unpublished", new JsonObject().put("text", "hi")).await(10, TimeUnit.SECONDS);

    assertThat(reply.getString("echo")).isEqualTo("hi");
    assertThatThrownBy(() -> peer.requestAt("test.unpublished", new JsonObject().put("refuse", true))
      .await(10, TimeUnit.SECONDS)).isInstanceOf(PeerRejectedException.class);
    assertThat(peer.state()).isEqualTo(CircuitBreakerState.CLOSED);
    // no consumer at all: a failure the breaker counts, and opens on
    for (var i = 0; i < 2; i++) {
      assertThatThrownBy(() -> peer.requestAt("test.nobody-here", new JsonObject()).await(10, TimeUnit.SECONDS))
        .isInstanceOf(PeerUnavailableException.class);
    }
    assertThat(peer.state()).isEqualTo(CircuitBreakerState.OPEN);
  }

  @Test
  @DisplayName("to a peer nobody published fails as unavailable")
  void unpublishedPeer() {
    var peer = client(PeerOptions.defaults("nobody").withRetries(0, 10, 50));

    assertThatThrownBy(() -> peer.request(new JsonObject()).await(10, TimeUnit.SECONDS))
      .isInstanceOf(PeerUnavailableException.class)
      .hasCauseInstanceOf(PeerNotFoundException.class);
  }

  private static double breakerGauge() {
    return node.runtime().meters().get("ordermesh_circuit_breaker_state").tag("breaker", "flaky-breaker").gauge().value();
  }
}
