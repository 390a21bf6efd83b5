package org.ordermesh.payment.provider;

import io.micrometer.core.instrument.Gauge;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.circuitbreaker.RetryPolicy;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;
import org.ordermesh.payment.PaymentConfig;
import org.ordermesh.platform.node.NodeRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The card provider as the service calls it: under the {@value #BREAKER} circuit breaker, each call with a
 * timeout and retried (by the same idempotency key, so safely) with exponential backoff and jitter. Calls
 * with a key already in flight on this node share that call. A refusal is an answer and never counts
 * against the breaker. The breaker's state is {@code ordermesh_circuit_breaker_state{breaker="card-provider"}}.
 */
public final class GuardedCardProvider implements CardProvider, Shareable {

  public static final String BREAKER = "card-provider";

  private static final Logger log = LoggerFactory.getLogger(GuardedCardProvider.class);
  private static final String MAP = "ordermesh.payment";

  private final CardProvider provider;
  private final CircuitBreaker breaker;
  private final Map<String, Future<ProviderAnswer>> inFlight = new ConcurrentHashMap<>();

  private GuardedCardProvider(Vertx vertx, CardProvider provider, PaymentConfig config) {
    this.provider = provider;
    this.breaker = CircuitBreaker.create(BREAKER, vertx, new CircuitBreakerOptions()
        .setTimeout(config.providerTimeoutMillis())
        .setMaxFailures(config.breakerMaxFailures())
        .setResetTimeout(config.breakerResetMillis())
        .setMaxRetries(config.providerRetries()))
      .retryPolicy(RetryPolicy.exponentialDelayWithJitter(50, 1_000))
      .openHandler(v -> log.warn("breaker {} opened", BREAKER))
      .halfOpenHandler(v -> log.info("breaker {} half-open: trying one call", BREAKER))
      .closeHandler(v -> log.info("breaker {} closed", BREAKER));
    Gauge.builder("ordermesh_circuit_breaker_state", breaker, GuardedCardProvider::stateValue)
      .description("0 closed, 1 half-open, 2 open")
      .tag("breaker", BREAKER)
      .register(NodeRuntime.of(vertx).meters());
  }

  /** The node's guarded provider: every verticle shares one breaker; the first caller's provider and settings win. */
  public static GuardedCardProvider forNode(Vertx vertx, CardProvider provider, PaymentConfig config) {
    var shared = vertx.sharedData().<String, GuardedCardProvider>getLocalMap(MAP);
    var existing = shared.get(BREAKER);
    if (existing != null) {
      return existing;
    }
    var created = new GuardedCardProvider(vertx, provider, config);
    var raced = shared.putIfAbsent(BREAKER, created);
    return raced == null ? created : raced;
  }

  public CircuitBreakerState state() {
    return breaker.state();
  }

  @Override
  public Future<ProviderAnswer> authorize(String key, String paymentMethod, long amountMinor, String currency) {
    return guarded(key, () -> provider.authorize(key, paymentMethod, amountMinor, currency));
  }

  @Override
  public Future<ProviderAnswer> capture(String key, String authorizationKey, long amountMinor) {
    return guarded(key, () -> provider.capture(key, authorizationKey, amountMinor));
  }

  @Override
  public Future<ProviderAnswer> voidAuthorization(String key, String authorizationKey) {
    return guarded(key, () -> provider.voidAuthorization(key, authorizationKey));
  }

  @Override
  public Future<ProviderAnswer> refund(String key, String authorizationKey, long amountMinor) {
    return guarded(key, () -> provider.refund(key, authorizationKey, amountMinor));
  }

  private Future<ProviderAnswer> guarded(String key, Supplier<Future<ProviderAnswer>> call) {
    var shared = Promise.<ProviderAnswer>promise();
    var running = inFlight.putIfAbsent(key, shared.future());
    if (running != null) {
      return running;
    }
    breaker.<ProviderAnswer>execute(call).onComplete(outcome -> {
      inFlight.remove(key, shared.future());
      shared.handle(outcome);
    });
    return shared.future();
  }

  private static double stateValue(CircuitBreaker breaker) {
    return switch (breaker.state()) {
      case CLOSED -> 0;
      case HALF_OPEN -> 1;
      case OPEN -> 2;
    };
  }
}
