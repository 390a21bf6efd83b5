package org.ordermesh.auth.token;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
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
 * Mints RS256 access tokens with iss, aud, sub, exp, iat, jti, roles and scope, signed by the key ring's
 * current key through vertx-auth-jwt's {@link JWTAuth} (header {@code alg: RS256, typ: JWT, kid}) on the
 * crypto workers: an RSA signature costs about a millisecond, too long for an event loop.
 */
public final class AccessTokens {

  private static final Base64.Encoder MIME = Base64.getMimeEncoder(64, new byte[] {'\n'});
  private static final JWTOptions SIGNING = new JWTOptions().setAlgorithm(Jwks.ALGORITHM).setNoTimestamp(true);

  private final Vertx vertx;
  private final KeyRing keyRing;
  private final CryptoWorkers workers;
  private final AuthConfig config;
  private volatile Signer signer;

  /** The provider signing with one key; replaced when the key ring moves on to another key. */
  private record Signer(String kid, JWTAuth auth) {
  }

  /** Who a token is for: a user (email set) or a service client (clientId set). */
  public record Subject(String id, String email, Collection<String> roles, Collection<String> scopes, String clientId) {
  }

  public AccessTokens(Vertx vertx, KeyRing keyRing, CryptoWorkers workers, AuthConfig config) {
    this.vertx = vertx;
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
    return workers.run(() -> signer(key).generateToken(claims, SIGNING));
  }

  private JWTAuth signer(SigningKey key) {
    Signer current = signer;
    if (current == null || !current.kid().equals(key.kid())) {
      String pem = "-----BEGIN PRIVATE KEY-----\n" + MIME.encodeToString(key.privateKey().getEncoded())
          + "\n-----END PRIVATE KEY-----\n";
      JWTAuth auth = JWTAuth.create(vertx, new JWTAuthOptions()
          .addPubSecKey(new PubSecKeyOptions().setAlgorithm(Jwks.ALGORITHM).setId(key.kid()).setBuffer(pem)));
      current = new Signer(key.kid(), auth);
      signer = current;
    }
    return current.auth();
  }
}
