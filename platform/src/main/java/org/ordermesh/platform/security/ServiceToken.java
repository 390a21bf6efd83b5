package org.ordermesh.platform.security;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Supplier;
import org.ordermesh.platform.peer.PeerClient;
import org.ordermesh.platform.peer.PeerOptions;

/**
 * A service client's access token, got from the auth service (found through discovery) by
 * {@code client_credentials} and renewed once four fifths of its lifetime have passed, so callers keep
 * using a valid token while the next one is fetched. One per node and client id; {@link #current()} answers
 * from memory except when a renewal is due.
 */
public final class ServiceToken implements Shareable {

  static final String TOKEN_PATH = "/api/v1/auth/token";
  private static final String MAP = "ordermesh.service-tokens";

  private final Supplier<Future<JsonObject>> grant;
  private final Clock clock;
  private volatile Held held;
  private Future<Held> renewing;

  ServiceToken(Supplier<Future<JsonObject>> grant, Clock clock) {
    this.grant = grant;
    this.clock = clock;
  }

  /** The node's token for {@code clientId}, asking auth for {@code scopes}; the first caller's secret wins. */
  public static ServiceToken forNode(Vertx vertx, String clientId, String secret, Set<String> scopes) {
    var tokens = vertx.sharedData().<String, ServiceToken>getLocalMap(MAP);
    var existing = tokens.get(clientId);
    if (existing != null) {
      return existing;
    }
    PeerClient auth = PeerClient.create(vertx, PeerOptions.defaults(VerifierSettings.from(new JsonObject()).issuerService()));
    JsonObject request = new JsonObject().put("grant_type", "client_credentials").put("client_id", clientId)
        .put("client_secret", secret).put("scope", String.join(" ", scopes.stream().sorted().toList()));
    var created = new ServiceToken(() -> auth.http(HttpMethod.POST, TOKEN_PATH, request)
        .map(response -> response.bodyAsJsonObject()), Clock.systemUTC());
    var raced = tokens.putIfAbsent(clientId, created);
    return raced == null ? created : raced;
  }

  /** A valid access token; a fresh one when the held one is past its renewal time or expired. */
  public Future<String> current() {
    Held now = held;
    Instant instant = clock.instant();
    if (now != null && instant.isBefore(now.renewAt())) {
      return Future.succeededFuture(now.token());
    }
    Future<Held> renewal = renew();
    // while the renewal runs (or after it failed) the held token serves until it expires
    if (now != null && instant.isBefore(now.expiresAt())) {
      return Future.succeededFuture(now.token());
    }
    return renewal.map(Held::token);
  }

  private synchronized Future<Held> renew() {
    if (renewing != null) {
      return renewing;
    }
    Instant asked = clock.instant();
    Future<Held> renewal = grant.get().map(body -> held(body, asked));
    renewing = renewal;
    // attached after the assignment: an answer already there must still clear it
    renewal.onComplete(done -> {
      if (done.succeeded()) {
        held = done.result();
      }
      synchronized (this) {
        renewing = null;
      }
    });
    return renewal;
  }

  private static Held held(JsonObject body, Instant asked) {
    String token = body.getString("access_token");
    Long expiresIn = body.getLong("expires_in");
    if (token == null || expiresIn == null || expiresIn <= 0) {
      throw new IllegalStateException("the token endpoint answered no access_token and expires_in");
    }
    Duration lifetime = Duration.ofSeconds(expiresIn);
    return new Held(token, asked.plus(lifetime.multipliedBy(4).dividedBy(5)), asked.plus(lifetime));
  }

  private record Held(String token, Instant renewAt, Instant expiresAt) {
  }
}
