package org.ordermesh.auth.token;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.UUID;
import org.ordermesh.auth.AuthConfig;
import org.ordermesh.auth.keys.KeyRing;
import org.ordermesh.auth.keys.SigningKey;
import org.ordermesh.auth.password.CryptoWorkers;
import org.ordermesh.platform.security.Jwks;

/**
 * Mints RS256 access tokens ({@code typ: at+jwt}, RFC 9068) with iss, aud, sub, exp, iat, jti, roles and
 * scope, signed by the key ring's current key with the JDK's {@code SHA256withRSA} on the crypto workers.
 */
public final class AccessTokens {

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final KeyRing keyRing;
  private final CryptoWorkers workers;
  private final AuthConfig config;

  /** Who a token is for: a user (email set) or a service client (clientId set). */
  public record Subject(String id, String email, Collection<String> roles, Collection<String> scopes, String clientId) {
  }

  public AccessTokens(KeyRing keyRing, CryptoWorkers workers, AuthConfig config) {
    this.keyRing = keyRing;
    this.workers = workers;
    this.config = config;
  }

  public long lifetimeSeconds() {
    return config.accessTokenTtl().toSeconds();
  }

  public Future<String> issue(Subject subject) {
    SigningKey key = keyRing.signingKey();
    Instant now = Instant.now();
    JsonObject header = new JsonObject().put("alg", Jwks.ALGORITHM).put("typ", "at+jwt").put("kid", key.kid());
    JsonObject claims = new JsonObject()
        .put("iss", config.verifier().issuer())
        .put("aud", config.verifier().audience())
        .put("sub", subject.id())
        .put("iat", now.getEpochSecond())
        .put("exp", now.plus(config.accessTokenTtl()).getEpochSecond())
        .put("jti", UUID.randomUUID().toString())
        .put("roles", new JsonArray(subject.roles().stream().sorted().toList()))
        .put("scope", String.join(" ", subject.scopes().stream().sorted().toList()));
    if (subject.email() != null) {
      claims.put("email", subject.email());
    }
    if (subject.clientId() != null) {
      claims.put("client_id", subject.clientId());
    }
    String signingInput = encode(header) + "." + encode(claims);
    return workers.run(() -> {
      Signature signer = Signature.getInstance("SHA256withRSA");
      signer.initSign(key.privateKey());
      signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + BASE64URL.encodeToString(signer.sign());
    });
  }

  private static String encode(JsonObject part) {
    return BASE64URL.encodeToString(part.encode().getBytes(StandardCharsets.UTF_8));
  }
}
