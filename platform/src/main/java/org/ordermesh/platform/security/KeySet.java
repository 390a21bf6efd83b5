package org.ordermesh.platform.security;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issuer's public keys as last fetched. An unknown {@code kid} triggers a fetch, but at most one per
 * {@code minRefresh}, so forged tokens with random key ids cannot flood the auth service. Keys older than
 * {@code maxAge} are fetched again before the next token is checked, so a key removed at auth stops being
 * trusted within {@code maxAge}; when that fetch fails the keys held are kept (auth down must not log
 * everybody out) and the next request tries again after {@code minRefresh}.
 */
final class KeySet {

  private static final Logger log = LoggerFactory.getLogger(KeySet.class);

  private final Vertx vertx;
  private final Supplier<Future<JsonObject>> fetch;
  private final Duration minRefresh;
  private final Duration maxAge;
  private final Clock clock;
  private volatile Map<String, RSAPublicKey> keys = Map.of();
  private volatile Instant lastFetch = Instant.EPOCH;
  private volatile Instant fetchedAt = Instant.EPOCH;
  private Future<Map<String, RSAPublicKey>> inFlight;

  KeySet(Vertx vertx, Supplier<Future<JsonObject>> fetch, Duration minRefresh, Duration maxAge, Clock clock) {
    this.vertx = vertx;
    this.fetch = fetch;
    this.minRefresh = minRefresh;
    this.maxAge = maxAge;
    this.clock = clock;
  }

  /** The published key ids once the keys are no older than {@code maxAge} (or could not be fetched again). */
  Future<Set<String>> current() {
    if (clock.instant().isBefore(fetchedAt.plus(maxAge))) {
      return Future.succeededFuture(keys.keySet());
    }
    return refresh().map(Map::keySet).recover(unreachable -> Future.succeededFuture(keys.keySet()));
  }

  /** The key for {@code kid}, fetching the JWKS once if it is unknown; null when it stays unknown. */
  Future<RSAPublicKey> key(String kid) {
    RSAPublicKey known = keys.get(kid);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return refresh().map(fresh -> fresh.get(kid));
  }

  private Future<Map<String, RSAPublicKey>> refresh() {
    Future<Map<String, RSAPublicKey>> shared;
    synchronized (this) {
      // a fetch that completed at once leaves its finished future here: that is no fetch in flight
      if (inFlight == null || inFlight.isComplete()) {
        if (clock.instant().isBefore(lastFetch.plus(minRefresh))) {
          return Future.succeededFuture(keys);
        }
        lastFetch = clock.instant();
        inFlight = fetch.get().map(Jwks::parse)
            .onSuccess(fetched -> {
              keys = fetched;
              fetchedAt = lastFetch;
            })
            .onFailure(error -> log.warn("could not fetch the JWKS: {}", error.getMessage()))
            .eventually(() -> clearInFlight());
      }
      shared = inFlight;
    }
    return onCallerContext(shared);
  }

  private synchronized Future<Void> clearInFlight() {
    inFlight = null;
    return Future.succeededFuture();
  }

  // a fetch started by another event loop completes there; carry on where the request lives
  private <T> Future<T> onCallerContext(Future<T> result) {
    Context caller = vertx.getOrCreateContext();
    return result.transform(outcome -> Future.<T>future(promise -> caller.runOnContext(v -> promise.handle(outcome))));
  }
}
