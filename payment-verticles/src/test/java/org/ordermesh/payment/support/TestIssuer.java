package org.ordermesh.payment.support;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ordermesh.platform.node.NodeRuntime;
import org.ordermesh.platform.security.Jwks;
import org.ordermesh.platform.security.VerifierSettings;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * Stands in for the auth service: serves a JWKS under the discovery name {@code auth} and signs RS256
 * access tokens with the claims every service's verifier checks, so tests need no password hashing.
 */
public final class TestIssuer {

  private static final String KID = "test-key";
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final KeyPair keys;

  private TestIssuer(KeyPair keys) {
    this.keys = keys;
  }

  public static TestIssuer publish(Vertx vertx) throws Exception {
    var generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    var issuer = new TestIssuer(generator.generateKeyPair());
    var jwks = new JsonObject().put("keys", new JsonArray().add(Jwks.toJwk(KID, (RSAPublicKey) issuer.keys.getPublic())));
    var server = vertx.createHttpServer()
      .requestHandler(request -> request.response().putHeader("Content-Type", "application/json").end(jwks.encode()))
      .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    NodeRuntime.of(vertx).registry().publishHttp("auth", "127.0.0.1", server.actualPort()).await(10, TimeUnit.SECONDS);
    return issuer;
  }

  public String customer(String subject) {
    return token(subject, "customer");
  }

  public String admin(String subject) {
    return token(subject, "admin");
  }

  private String token(String subject, String role) {
    var now = Instant.now().getEpochSecond();
    var header = new JsonObject().put("alg", "RS256").put("typ", "JWT").put("kid", KID);
    var claims = new JsonObject().put("iss", VerifierSettings.DEFAULT_ISSUER).put("aud", VerifierSettings.DEFAULT_AUDIENCE)
      .put("sub", subject).put("roles", new JsonArray().add(role)).put("iat", now).put("exp", now + 600);
    var input = encode(header) + "." + encode(claims);
    try {
      var signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(keys.getPrivate());
      signature.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + BASE64URL.encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String encode(JsonObject json) {
    return BASE64URL.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }
}
