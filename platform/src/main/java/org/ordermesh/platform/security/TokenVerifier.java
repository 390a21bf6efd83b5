package org.ordermesh.platform.security;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;
import io.vertx.ext.auth.authentication.TokenCredentials;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.ordermesh.platform.peer.PeerClient;
import org.ordermesh.platform.peer.PeerOptions;

/**
 * Checks access tokens against the auth service's JWKS: RS256 signature by a published {@code kid} (checked
 * by vertx-auth-jwt's {@code JWTAuth}, after {@link CompactJws} has refused every header ordermesh does not
 * issue; JWTAuth alone would take {@code alg: none} from a provider without keys, and checks neither a
 * required {@code iat}, a lifetime cap nor {@code crit}),
 * {@code iss}, {@code aud}, {@code exp}/{@code nbf}/{@code iat} within the clock skew, a lifetime
 * {@code exp - iat} no longer than the maximum, and a {@code sub}. One per node: a token verified once is
 * answered from a bounded cache until it expires or its key leaves the JWKS (checked at least every
 * {@code maxKeyAge}).
 */
public final class TokenVerifier implements Shareable {

  private static final String MAP = "ordermesh.security";

  private final VerifierSettings settings;
  private final KeySet keys;
  private final VerifiedTokenCache cache;
  private final Clock clock;
  private volatile Set<String> lastPublished = Set.of();

  TokenVerifier(Vertx vertx, VerifierSettings settings, Supplier<Future<JsonObject>> jwks, Clock clock) {
    this.settings = settings;
    this.keys = new KeySet(vertx, jwks, settings.minKeyRefresh(), settings.maxKeyAge(), clock);
    this.cache = new VerifiedTokenCache(settings.cacheSize(), clock);
    this.clock = clock;
  }

  /** The node's verifier, fetching keys from the issuer service found through discovery; the first caller's settings win. */
  public static TokenVerifier forNode(Vertx vertx, JsonObject config) {
    var verifiers = vertx.sharedData().<String, TokenVerifier>getLocalMap(MAP);
    var existing = verifiers.get("verifier");
    if (existing != null) {
      return existing;
    }
    VerifierSettings settings = VerifierSettings.from(config);
    PeerClient issuer = PeerClient.create(vertx, PeerOptions.defaults(settings.issuerService()));
    var created = new TokenVerifier(vertx, settings,
        () -> issuer.http(HttpMethod.GET, VerifierSettings.JWKS_PATH, null).map(response -> response.bodyAsJsonObject()),
        Clock.systemUTC());
    var raced = verifiers.putIfAbsent("verifier", created);
    return raced == null ? created : raced;
  }

  /** The caller the token names; fails with {@link InvalidTokenException} when it must not be trusted. */
  public Future<Principal> verify(String token) {
    Future<Set<String>> published = keys.current();
    if (published.succeeded()) {
      return verify(token, published.result());
    }
    return published.compose(kids -> verify(token, kids));
  }

  private Future<Principal> verify(String token, Set<String> published) {
    if (!published.equals(lastPublished)) {
      lastPublished = published;
      cache.retainKeys(published);
    }
    Principal cached = cache.get(token);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    CompactJws jws;
    try {
      jws = CompactJws.parse(token);
    } catch (InvalidTokenException e) {
      return Future.failedFuture(e);
    }
    return keys.verifierFor(jws.kid()).compose(auth -> {
      if (auth == null) {
        return Future.failedFuture(new InvalidTokenException("unknown signing key"));
      }
      // JWTAuth answers at once: an RS256 check is tens of microseconds, fine on the event loop
      return auth.authenticate(new TokenCredentials(token))
          .recover(refused -> Future.failedFuture(new InvalidTokenException("bad signature")))
          .map(user -> {
            Principal principal = principal(jws.claims());
            cache.put(token, jws.kid(), principal);
            return principal;
          });
    });
  }

  private Principal principal(JsonObject claims) {
    if (!settings.issuer().equals(claims.getValue("iss"))) {
      throw new InvalidTokenException("wrong issuer");
    }
    if (!audiences(claims.getValue("aud")).contains(settings.audience())) {
      throw new InvalidTokenException("wrong audience");
    }
    Instant now = clock.instant();
    Instant expiresAt = instant(claims, "exp");
    if (expiresAt == null || !now.isBefore(expiresAt.plus(settings.clockSkew()))) {
      throw new InvalidTokenException("token expired");
    }
    Instant notBefore = instant(claims, "nbf");
    Instant issuedAt = instant(claims, "iat");
    if (issuedAt == null) {
      throw new InvalidTokenException("token has no iat");
    }
    // a stolen key could otherwise mint tokens that outlive its retirement by years
    if (Duration.between(issuedAt, expiresAt).compareTo(settings.maxTokenLifetime()) > 0) {
      throw new InvalidTokenException("token lifetime too long");
    }
    if ((notBefore != null && now.plus(settings.clockSkew()).isBefore(notBefore))
        || now.plus(settings.clockSkew()).isBefore(issuedAt)) {
      throw new InvalidTokenException("token not yet valid");
    }
    if (!(claims.getValue("sub") instanceof String subject) || subject.isEmpty()) {
      throw new InvalidTokenException("token has no subject");
    }
    return new Principal(subject, stringOrNull(claims, "email"), strings(claims.getValue("roles")),
        scopes(claims.getValue("scope")), stringOrNull(claims, "client_id"), expiresAt);
  }

  private static Set<String> audiences(Object aud) {
    return aud instanceof String single ? Set.of(single) : strings(aud);
  }

  private static Set<String> strings(Object value) {
    if (!(value instanceof JsonArray array)) {
      return Set.of();
    }
    return array.stream().filter(String.class::isInstance).map(String.class::cast).collect(Collectors.toSet());
  }

  private static Set<String> scopes(Object scope) {
    if (!(scope instanceof String text)) {
      return Set.of();
    }
    return Arrays.stream(text.split(" ")).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
  }

  private static Instant instant(JsonObject claims, String name) {
    return claims.getValue(name) instanceof Number seconds ? Instant.ofEpochSecond(seconds.longValue()) : null;
  }

  private static String stringOrNull(JsonObject claims, String name) {
    return claims.getValue(name) instanceof String value ? value : null;
  }
}
