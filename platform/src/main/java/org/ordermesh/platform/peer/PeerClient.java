package org.ordermesh.platform.peer;

import io.micrometer.core.instrument.Gauge;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.circuitbreaker.RetryPolicy;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.ordermesh.platform.discovery.ServiceRegistry;
import org.ordermesh.platform.node.NodeRuntime;
import org.ordermesh.platform.trace.TraceContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Calls one peer, found through service discovery, over the event bus or HTTP, under a circuit
 * breaker named after the peer: each attempt has a timeout, failed attempts are retried with
 * exponential backoff and jitter, and an open breaker fails fast (or answers with the caller's
 * fallback). Refusals by a healthy peer ({@link PeerRejectedException}) pass through untouched.
 * The breaker's state is exported as {@code ordermesh_circuit_breaker_state{breaker=...}}. With
 * {@link PeerOptions#maxInFlight()} set, calls past that many wait in the node (counted in
 * {@code ordermesh_peer_waiting{peer=...}}) before the breaker and the timeout see them.
 */
public final class PeerClient implements Shareable {

  private static final Logger log = LoggerFactory.getLogger(PeerClient.class);

  private final Vertx vertx;
  private final PeerOptions options;
  private final ServiceRegistry registry;
  private final CircuitBreaker breaker;
  private final WebClient http;
  // calls waiting for one in flight to end; guarded by itself, since the client is shared across event loops
  private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
  private int inFlight;

  private PeerClient(Vertx vertx, PeerOptions options) {
    this.vertx = vertx;
    this.options = options;
    var runtime = NodeRuntime.of(vertx);
    this.registry = runtime.registry();
    this.breaker = CircuitBreaker.create("peer-" + options.name(), vertx, new CircuitBreakerOptions()
        .setTimeout(options.timeoutMillis())
        .setMaxFailures(options.maxFailures())
        .setResetTimeout(options.resetTimeoutMillis())
        .setMaxRetries(options.maxRetries()))
      .retryPolicy(RetryPolicy.exponentialDelayWithJitter(options.retryBaseMillis(), options.retryMaxMillis()))
      .openHandler(v -> log.warn("breaker for {} opened", options.name()))
      .halfOpenHandler(v -> log.info("breaker for {} half-open: trying one call", options.name()))
      .closeHandler(v -> log.info("breaker for {} closed", options.name()));
    this.http = WebClient.create(vertx, new WebClientOptions().setConnectTimeout((int) options.timeoutMillis()));
    Gauge.builder("ordermesh_circuit_breaker_state", breaker, PeerClient::stateValue)
      .description("0 closed, 1 half-open, 2 open")
      .tag("breaker", options.name())
      .register(runtime.meters());
    Gauge.builder("ordermesh_peer_waiting", this, PeerClient::waitingCount)
      .description("calls waiting in this node for a call in flight to end")
      .tag("peer", options.name())
      .register(runtime.meters());
  }

  /**
   * The node's client for {@code options.name()}: verticles that call the same peer share one breaker,
   * so the breaker sees all the node's calls and its metric is the node's. The first caller's options win.
   */
  public static PeerClient create(Vertx vertx, PeerOptions options) {
    var clients = vertx.sharedData().<String, PeerClient>getLocalMap("ordermesh.peers");
    var existing = clients.get(options.name());
    if (existing != null) {
      return existing;
    }
    var created = new PeerClient(vertx, options);
    var raced = clients.putIfAbsent(options.name(), created);
    return raced == null ? created : raced;
  }

  /** Every peer client of this node, so its breakers can be shown (the operator's console). */
  public static List<PeerClient> all(Vertx vertx) {
    return List.copyOf(vertx.sharedData().<String, PeerClient>getLocalMap("ordermesh.peers").values());
  }

  public String name() {
    return options.name();
  }

  /** Failures the breaker counts towards opening (reset when it closes). */
  public long failureCount() {
    return breaker.failureCount();
  }

  public CircuitBreakerState state() {
    return breaker.state();
  }

  /** Sends a request to the peer's published event bus address and returns its JSON reply. */
  public Future<JsonObject> request(JsonObject message) {
    return request(message, null);
  }

  /** As {@link #request(JsonObject)}, with {@code authorization: <authorization>} as a header (null: none). */
  public Future<JsonObject> request(JsonObject message, String authorization) {
    return guarded(() -> registry.lookupEventBus(options.name())
      .compose(address -> vertx.eventBus().<JsonObject>request(address, message,
        withAuthorization(TraceContext.withTrace(new DeliveryOptions().setSendTimeout(options.timeoutMillis())), authorization)))
      .map(reply -> Outcome.<JsonObject>answered(reply.body()))
      .recover(this::classifyEventBusFailure));
  }

  /**
   * Sends a request to a fixed event bus address, under the same breaker, timeout and retries: for a
   * peer that publishes no discovery record, such as a program answering over the bridge.
   */
  public Future<JsonObject> requestAt(String address, JsonObject message) {
    return guarded(() -> vertx.eventBus().<JsonObject>request(address, message,
        TraceContext.withTrace(new DeliveryOptions().setSendTimeout(options.timeoutMillis())))
      .map(reply -> Outcome.<JsonObject>answered(reply.body()))
      .recover(this::classifyEventBusFailure));
  }

  /** Sends an HTTP request to one of the peer's published endpoints; 2xx and 3xx come back as responses. */
  public Future<HttpResponse<Buffer>> http(HttpMethod method, String path, JsonObject body) {
    return guarded(() -> registry.lookupHttp(options.name()).compose(address -> {
      var request = http.request(method, address, path).timeout(options.timeoutMillis());
      TraceContext.applyTo(request);
      return body == null ? request.send() : request.sendJsonObject(body);
    }).map(this::classifyHttpResponse));
  }

  /** Any of the calls above, answered by {@code fallback} when the peer is unavailable. */
  public <T> Future<T> withFallback(Future<T> call, Function<Throwable, T> fallback) {
    return call.recover(error -> error instanceof PeerRejectedException
      ? Future.failedFuture(error)
      : Future.succeededFuture(fallback.apply(error)));
  }

  // A refusal completes the breaker's operation successfully so that it is neither retried nor counted.
  private <T> Future<T> guarded(Supplier<Future<Outcome<T>>> attempt) {
    return options.maxInFlight() <= 0 ? breaking(attempt) : bounded(() -> breaking(attempt));
  }

  private <T> Future<T> breaking(Supplier<Future<Outcome<T>>> attempt) {
    return breaker.<Outcome<T>>execute(attempt)
      .recover(error -> Future.failedFuture(new PeerUnavailableException(options.name(), describe(error), error)))
      .compose(Outcome::toFuture);
  }

  /** Sends {@code call} now if fewer than maxInFlight are in flight, else once one ends, on the caller's context. */
  private <T> Future<T> bounded(Supplier<Future<T>> call) {
    var promise = Promise.<T>promise();
    var context = vertx.getOrCreateContext();
    Runnable send = () -> call.get().onComplete(result -> {
      ended();
      promise.handle(result);
    });
    synchronized (waiting) {
      if (inFlight >= options.maxInFlight()) {
        waiting.add(() -> context.runOnContext(v -> send.run()));
        return promise.future();
      }
      inFlight++;
    }
    send.run();
    return promise.future();
  }

  private void ended() {
    Runnable next;
    synchronized (waiting) {
      next = waiting.poll();
      if (next == null) {
        inFlight--;
      }
    }
    if (next != null) {
      next.run();
    }
  }

  private double waitingCount() {
    synchronized (waiting) {
      return waiting.size();
    }
  }

  private static DeliveryOptions withAuthorization(DeliveryOptions options, String authorization) {
    return authorization == null ? options : options.addHeader("authorization", authorization);
  }

  private Outcome<HttpResponse<Buffer>> classifyHttpResponse(HttpResponse<Buffer> response) {
    if (response.statusCode() >= 500) {
      throw new IllegalStateException("HTTP " + response.statusCode());
    }
    if (response.statusCode() >= 400) {
      return Outcome.refused(new PeerRejectedException(options.name(), response.statusCode(), response.bodyAsString()));
    }
    return Outcome.answered(response);
  }

  private Future<Outcome<JsonObject>> classifyEventBusFailure(Throwable error) {
    if (error instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
      && reply.failureCode() < 500) {
      return Future.succeededFuture(Outcome.refused(
        new PeerRejectedException(options.name(), reply.failureCode(), reply.getMessage())));
    }
    return Future.failedFuture(error);
  }

  private static String describe(Throwable error) {
    return error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
  }

  private static double stateValue(CircuitBreaker breaker) {
    return switch (breaker.state()) {
      case CLOSED -> 0;
      case HALF_OPEN -> 1;
      case OPEN -> 2;
    };
  }

  /** An attempt's result: an answer, or a refusal that must not count as a failure. */
  private record Outcome<T>(T answer, PeerRejectedException refusal) {

    static <T> Outcome<T> answered(T answer) {
      return new Outcome<>(answer, null);
    }

    static <T> Outcome<T> refused(PeerRejectedException refusal) {
      return new Outcome<>(null, refusal);
    }

    Future<T> toFuture() {
      return refusal == null ? Future.succeededFuture(answer) : Future.failedFuture(refusal);
    }
  }

}
