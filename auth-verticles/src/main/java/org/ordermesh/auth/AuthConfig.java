package org.ordermesh.auth;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.ordermesh.auth.client.ClientSpec;
import org.ordermesh.auth.password.Argon2Params;
import org.ordermesh.platform.http.TrustedProxies;
import org.ordermesh.platform.config.ServiceConfig;
import org.ordermesh.platform.config.Settings;
import org.ordermesh.platform.security.VerifierSettings;

/**
 * The auth service's settings.
 *
 * @param service         port, database and node settings
 * @param verifier        issuer, audience and clock skew, shared with every service's verifier
 * @param accessTokenTtl  access token lifetime, at most 15 minutes ({@code ORDERMESH_ACCESS_TOKEN_SECONDS}, 900)
 * @param refreshTokenTtl refresh token lifetime, renewed on each rotation ({@code ORDERMESH_REFRESH_TOKEN_DAYS}, 14)
 * @param keyRotation     age at which the signing key is replaced ({@code ORDERMESH_KEY_ROTATION_HOURS}, 24)
 * @param keyActivation   how long a new key is published before it signs, so every verifier can know it
 *                        ({@code ORDERMESH_KEY_ACTIVATION_SECONDS}, 60; keep it above {@code ORDERMESH_JWKS_MIN_REFRESH_SECONDS})
 * @param keyPassphrase   encrypts private signing keys at rest; empty: stored unencrypted, with a warning
 *                        ({@code ORDERMESH_SIGNING_KEY_PASSPHRASE})
 * @param argon2          password hashing cost ({@code ORDERMESH_ARGON2_MEMORY_KIB} 19456, {@code ORDERMESH_ARGON2_ITERATIONS} 2,
 *                        {@code ORDERMESH_ARGON2_PARALLELISM} 1: OWASP's minimum for Argon2id)
 * @param adminEmail      the admin seeded on first start ({@code ORDERMESH_ADMIN_EMAIL})
 * @param adminPassword   its password; empty: one is generated and logged once ({@code ORDERMESH_ADMIN_PASSWORD})
 * @param clients         service clients for client_credentials ({@code ORDERMESH_AUTH_CLIENT_SECRETS}), with the
 *                        order service's ({@code ORDERMESH_ORDER_CLIENT_SECRET}) when that is set
 * @param trustedProxies  addresses and CIDR ranges whose {@code X-Forwarded-For} is believed for throttling
 *                        ({@code ORDERMESH_AUTH_TRUSTED_PROXIES})
 * @param registrationsPerAddress registrations one address may make per 15 minutes
 *                        ({@code ORDERMESH_AUTH_REGISTRATIONS_PER_ADDRESS}, 30)
 * @param cryptoQueue     password hashes waiting or running at once before requests answer 503
 *                        ({@code ORDERMESH_AUTH_CRYPTO_QUEUE}, 64)
 */
public record AuthConfig(ServiceConfig service, VerifierSettings verifier, Duration accessTokenTtl,
                         Duration refreshTokenTtl, Duration keyRotation, Duration keyActivation, String keyPassphrase,
                         Argon2Params argon2, String adminEmail, String adminPassword, List<ClientSpec> clients,
                         TrustedProxies trustedProxies, int registrationsPerAddress, int cryptoQueue) {

  public static final Duration MAX_ACCESS_TOKEN_TTL = Duration.ofMinutes(15);

  public static AuthConfig from(JsonObject config) {
    Settings settings = new Settings(config);
    Duration accessTtl = Duration.ofSeconds(settings.integer("ORDERMESH_ACCESS_TOKEN_SECONDS", 900));
    if (accessTtl.isNegative() || accessTtl.isZero() || accessTtl.compareTo(MAX_ACCESS_TOKEN_TTL) > 0) {
      throw new IllegalArgumentException("ORDERMESH_ACCESS_TOKEN_SECONDS must be from 1 to 900");
    }
    return new AuthConfig(
        AuthService.config(config),
        VerifierSettings.from(config),
        accessTtl,
        Duration.ofDays(settings.integer("ORDERMESH_REFRESH_TOKEN_DAYS", 14)),
        Duration.ofHours(settings.integer("ORDERMESH_KEY_ROTATION_HOURS", 24)),
        Duration.ofSeconds(settings.integer("ORDERMESH_KEY_ACTIVATION_SECONDS", 60)),
        settings.string("ORDERMESH_SIGNING_KEY_PASSPHRASE", ""),
        new Argon2Params(settings.integer("ORDERMESH_ARGON2_MEMORY_KIB", Argon2Params.OWASP.memoryKib()),
            settings.integer("ORDERMESH_ARGON2_ITERATIONS", Argon2Params.OWASP.iterations()),
            settings.integer("ORDERMESH_ARGON2_PARALLELISM", Argon2Params.OWASP.parallelism())),
        settings.string("ORDERMESH_ADMIN_EMAIL", "admin@ordermesh.local"),
        settings.string("ORDERMESH_ADMIN_PASSWORD", ""),
        ClientSpec.withOrderService(ClientSpec.parseAll(settings.string("ORDERMESH_AUTH_CLIENT_SECRETS", "{}")),
            settings.string(ClientSpec.ORDER_CLIENT_SECRET, "")),
        TrustedProxies.parse("ORDERMESH_AUTH_TRUSTED_PROXIES", settings.list("ORDERMESH_AUTH_TRUSTED_PROXIES")),
        positive(settings, "ORDERMESH_AUTH_REGISTRATIONS_PER_ADDRESS", 30),
        positive(settings, "ORDERMESH_AUTH_CRYPTO_QUEUE", 64));
  }

  private static int positive(Settings settings, String key, int fallback) {
    int value = settings.integer(key, fallback);
    if (value < 1) {
      throw new IllegalArgumentException(key + " must be at least 1");
    }
    return value;
  }
}
