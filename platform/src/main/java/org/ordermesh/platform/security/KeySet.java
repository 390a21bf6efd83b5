package org.ordermesh.platform.security;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
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
 * everybody out) and the next request tries again after {@code minRefresh}. Each fetched set becomes one
 * vertx-auth-jwt {@link JWTAuth} holding exactly the keys {@link Jwks#parse} accepts, so a key leaves the
 * verifying provider the moment it leaves the JWKS.
 */
final class KeySet {

  private static final Logger log = LoggerFactory.getLogger(KeySet.class);

  private final Vertx vertx;
  private final Supplier<Future<JsonObject>> fetch;
  private final Duration minRefresh;
  private final Duration maxAge;
  private final Clock clock;
  private volatile Published keys = Published.NONE;
  private volatile Instant lastFetch = Instant.EPOCH;
  private volatile Instant fetchedAt = Instant.EPOCH;
  private Future<Published> inFlight;

  /** The key ids of one fetched JWKS and the provider verifying with exactly those keys (null when there are none). */
  record Published(Set<String> kids, JWTAuth auth) {
    static final Published NONE = new Published(Set.of(), null);
  }

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
      return Future.succeededFuture(keys.kids());
    }
    return refresh().map(Published::kids).recover(unreachable -> Future.succeededFuture(keys.kids()));
  }

  /** The provider holding the key {@code kid}, fetching the JWKS once if it is unknown; null when it stays unknown. */
  Future<JWTAuth> verifierFor(String kid) {
    Published known = keys;
    if (known.kids().contains(kid)) {
      return Future.succeededFuture(known.auth());
    }
    return refresh().map(fresh -> fresh.kids().contains(kid) ? fresh.auth() : null);
  }

  private Future<Published> refresh() {
    Future<Published> shared;
    synchronized (this) {
      // a fetch that completed at once leaves its finished future here: that is no fetch in flight
      if (inFlight == null || inFlight.isComplete()) {
        if (clock.instant().isBefore(lastFetch.plus(minRefresh))) {
          return Future.succeededFuture(keys);
        }
        lastFetch = clock.instant();
        inFlight = fetch.get().map(jwks -> published(Jwks.parse(jwks)))
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

  // JWTAuth's own time checks read the system clock; ours (TokenVerifier) use the injected one, so it only
  // checks the signature and the kid. An empty set gets no provider: JWTAuth without keys accepts alg none.
  private Published published(Map<String, RSAPublicKey> parsed) {
    if (parsed.isEmpty()) {
      return Published.NONE;
    }
    JWTAuthOptions options = new JWTAuthOptions().setJWTOptions(new JWTOptions().setIgnoreExpiration(true));
    parsed.forEach((kid, key) -> options.addJwk(Jwks.toJwk(kid, key)));
    return new Published(parsed.keySet(), JWTAuth.create(vertx, options));
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
