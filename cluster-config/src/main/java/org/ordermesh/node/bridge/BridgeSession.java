package org.ordermesh.node.bridge;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.ordermesh.platform.peer.PeerUnavailableException;
import org.ordermesh.platform.security.InvalidTokenException;
import org.ordermesh.platform.security.Principal;
import org.ordermesh.platform.security.TokenVerifier;

import java.time.Clock;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One bridge connection's guard, the same for TCP and SockJS: the token of every frame checked with the
 * node's verifier (and its cache), one caller per connection, a send rate, and the registrations it holds.
 * Used on the connection's own event loop only.
 */
final class BridgeSession {

  private static final String BEARER = "bearer ";
  static final String AUTHORIZATION = "authorization";

  private final TokenVerifier verifier;
  private final Clock clock;
  private final Set<String> registrations = new HashSet<>();
  private final double ratePerMilli;
  private final double burst;
  private double tokens;
  private long refilledAt;
  private Principal principal;
  private Future<Void> checked = Future.succeededFuture();

  BridgeSession(TokenVerifier verifier, int framesPerSecond, Clock clock) {
    this.verifier = verifier;
    this.clock = clock;
    this.ratePerMilli = framesPerSecond / 1000.0;
    this.burst = framesPerSecond * 2.0;
    this.tokens = burst;
    this.refilledAt = clock.millis();
  }

  /** The caller the frame's {@code headers.authorization} names; fails with a {@link RefusedFrame}. */
  Future<Principal> authenticate(JsonObject frame) {
    var token = bearerToken(frame.getValue("headers"));
    if (token == null) {
      return Future.failedFuture(new RefusedFrame(Refusal.AUTH_REQUIRED, "every frame needs headers.authorization: Bearer <token>"));
    }
    return verifier.verify(token).transform(verified -> {
      if (verified.failed()) {
        return Future.failedFuture(verified.cause() instanceof PeerUnavailableException
          ? new RefusedFrame(Refusal.UNAVAILABLE, "the signing keys cannot be fetched; try again")
          : new RefusedFrame(Refusal.INVALID_TOKEN, verified.cause() instanceof InvalidTokenException invalid
            ? invalid.getMessage() : "the token could not be verified"));
      }
      var caller = verified.result();
      if (principal != null && !principal.subject().equals(caller.subject())) {
        return Future.failedFuture(new RefusedFrame(Refusal.INVALID_TOKEN, "the token names another caller than this connection's"));
      }
      principal = caller;
      return Future.succeededFuture(caller);
    });
  }

  /** Runs {@code check} once every check before it on this connection has completed, so frames act in the order sent. */
  <T> Future<T> inTurn(Supplier<Future<T>> check) {
    Future<T> result = checked.transform(previous -> check.get());
    checked = result.transform(done -> Future.succeededFuture());
    return result;
  }

  /** A token bucket: {@code framesPerSecond} on average, bursts of twice that. */
  Optional<Refusal> admitFrame() {
    var now = clock.millis();
    tokens = Math.min(burst, tokens + (now - refilledAt) * ratePerMilli);
    refilledAt = now;
    if (tokens < 1) {
      return Optional.of(Refusal.RATE_LIMITED);
    }
    tokens -= 1;
    return Optional.empty();
  }

  Optional<Refusal> admitRegistration(String address) {
    if (registrations.contains(address)) {
      return Optional.of(Refusal.ALREADY_REGISTERED);
    }
    if (registrations.size() >= BridgeSettings.MAX_REGISTRATIONS) {
      return Optional.of(Refusal.TOO_MANY_REGISTRATIONS);
    }
    return Optional.empty();
  }

  void registered(String address) {
    registrations.add(address);
  }

  boolean unregistered(String address) {
    return registrations.remove(address);
  }

  /** Whether a message may still go out: the connection's caller is known and its token not expired. */
  boolean mayReceive() {
    return principal != null && clock.instant().isBefore(principal.expiresAt());
  }

  Principal principal() {
    return principal;
  }

  private static String bearerToken(Object headers) {
    if (!(headers instanceof JsonObject json) || !(json.getValue(AUTHORIZATION) instanceof String header)
      || header.length() <= BEARER.length() || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return null;
    }
    var token = header.substring(BEARER.length()).trim();
    return token.isEmpty() ? null : token;
  }
}
