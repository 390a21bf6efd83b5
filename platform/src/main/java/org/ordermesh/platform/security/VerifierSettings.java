package org.ordermesh.platform.security;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.ordermesh.platform.config.Settings;

/**
 * How every service checks access tokens.
 *
 * @param issuer         the only accepted {@code iss} ({@code ORDERMESH_JWT_ISSUER})
 * @param audience       the {@code aud} every token must name ({@code ORDERMESH_JWT_AUDIENCE})
 * @param clockSkew      tolerance on {@code exp}/{@code nbf}/{@code iat} ({@code ORDERMESH_JWT_CLOCK_SKEW_SECONDS}, 30)
 * @param minKeyRefresh  least time between two JWKS fetches caused by an unknown {@code kid}
 *                       ({@code ORDERMESH_JWKS_MIN_REFRESH_SECONDS}, 10)
 * @param maxKeyAge      longest a fetched JWKS is used before it is fetched again, so a key removed at auth
 *                       stops being trusted within it ({@code ORDERMESH_JWKS_MAX_AGE_SECONDS}, 60)
 * @param maxTokenLifetime longest {@code exp - iat} accepted ({@code ORDERMESH_JWT_MAX_LIFETIME_SECONDS}, 900)
 * @param cacheSize      verified tokens kept per node ({@code ORDERMESH_TOKEN_CACHE_SIZE}, 10000)
 * @param issuerService  the discovery name of the service serving {@code /.well-known/jwks.json} ({@code auth})
 */
public record VerifierSettings(String issuer, String audience, Duration clockSkew, Duration minKeyRefresh,
                               Duration maxKeyAge, Duration maxTokenLifetime, int cacheSize, String issuerService) {

  public static final String ISSUER = "ORDERMESH_JWT_ISSUER";
  public static final String AUDIENCE = "ORDERMESH_JWT_AUDIENCE";
  public static final String CLOCK_SKEW_SECONDS = "ORDERMESH_JWT_CLOCK_SKEW_SECONDS";
  public static final String MIN_KEY_REFRESH_SECONDS = "ORDERMESH_JWKS_MIN_REFRESH_SECONDS";
  public static final String CACHE_SIZE = "ORDERMESH_TOKEN_CACHE_SIZE";
  public static final String MAX_KEY_AGE_SECONDS = "ORDERMESH_JWKS_MAX_AGE_SECONDS";
  public static final String MAX_LIFETIME_SECONDS = "ORDERMESH_JWT_MAX_LIFETIME_SECONDS";

  public static final String DEFAULT_ISSUER = "https://auth.ordermesh.local";
  public static final String DEFAULT_AUDIENCE = "ordermesh";
  public static final String JWKS_PATH = "/.well-known/jwks.json";

  public static VerifierSettings from(JsonObject config) {
    Settings settings = new Settings(config);
    return new VerifierSettings(
        settings.string(ISSUER, DEFAULT_ISSUER),
        settings.string(AUDIENCE, DEFAULT_AUDIENCE),
        Duration.ofSeconds(settings.integer(CLOCK_SKEW_SECONDS, 30)),
        Duration.ofSeconds(settings.integer(MIN_KEY_REFRESH_SECONDS, 10)),
        Duration.ofSeconds(settings.integer(MAX_KEY_AGE_SECONDS, 60)),
        Duration.ofSeconds(settings.integer(MAX_LIFETIME_SECONDS, 900)),
        settings.integer(CACHE_SIZE, 10_000),
        "auth");
  }
}
