package org.ordermesh.platform.security;

import static org.ordermesh.platform.security.VerificationOutcome.outcome;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The verifier against an independent JWT library: what nimbus-jose-jwt signs with a published key is accepted,
 * what it forges is refused, and the JWKS ordermesh publishes is one nimbus reads and verifies with.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("the token verifier cross-checked with nimbus-jose-jwt")
class NimbusCrossCheckTest {

  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final VerifierSettings SETTINGS = new VerifierSettings("https://issuer.test", "ordermesh",
      Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofMinutes(15), 100, "auth");

  private Vertx vertx;
  private RSAKey published;
  private RSAKey otherPublished;
  private JsonObject jwks;

  @BeforeAll
  void start() throws Exception {
    vertx = Vertx.vertx();
    published = new RSAKeyGenerator(2048).keyID("k1").generate();
    otherPublished = new RSAKeyGenerator(2048).keyID("k2").generate();
    jwks = new JsonObject().put("keys", new JsonArray()
        .add(Jwks.toJwk("k1", published.toRSAPublicKey()))
        .add(Jwks.toJwk("k2", otherPublished.toRSAPublicKey())));
  }

  @AfterAll
  void stop() {
    vertx.close();
  }

  private TokenVerifier verifier() {
    return new TokenVerifier(vertx, SETTINGS, () -> Future.succeededFuture(jwks), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static JWTClaimsSet.Builder claims() {
    return new JWTClaimsSet.Builder().issuer("https://issuer.test").audience("ordermesh").subject("user-1")
        .issueTime(Date.from(NOW)).expirationTime(Date.from(NOW.plusSeconds(600)))
        .claim("roles", List.of("customer")).claim("scope", "customer");
  }

  private static String rs256(RSAKey signer, String kid, JWTClaimsSet claims) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid)
        .type(new JOSEObjectType("at+jwt")).build(), claims);
    jwt.sign(new RSASSASigner(signer));
    return jwt.serialize();
  }


  @Test
  @DisplayName("nimbus reads the published JWKS, and a token nimbus signs with a published key is accepted")
  void acceptsWhatNimbusSigns() throws Exception {
    RSAKey fromJwks = (RSAKey) JWKSet.parse(jwks.encode()).getKeyByKeyId("k1");
    String token = rs256(published, "k1", claims().build());
    assertThat(SignedJWT.parse(token).verify(new RSASSAVerifier(fromJwks))).isTrue();
    assertThat(outcome(verifier(), token)).isEqualTo("accepted");
  }

  @Test
  @DisplayName("refuses what nimbus forges: alg none, HS256 keyed with the public key, a wrong kid")
  void refusesForgedHeaders() throws Exception {
    TokenVerifier verifier = verifier();
    String none = new PlainJWT(new PlainHeader(), claims().build()).serialize();
    SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(), claims().build());
    hmac.sign(new MACSigner(published.toRSAPublicKey().getEncoded()));
    RSAKey stranger = new RSAKeyGenerator(2048).keyID("k3").generate();

    assertThat(outcome(verifier, none)).isEqualTo("not a signed JWT");
    assertThat(outcome(verifier, hmac.serialize())).isEqualTo("algorithm not accepted");
    assertThat(outcome(verifier, rs256(published, "k2", claims().build()))).as("kid of another published key")
        .isEqualTo("bad signature");
    assertThat(outcome(verifier, rs256(stranger, "k3", claims().build()))).isEqualTo("unknown signing key");
  }

  @Test
  @DisplayName("refuses validly signed tokens that are expired, for another audience or issuer, or live too long")
  void refusesForgedClaims() throws Exception {
    TokenVerifier verifier = verifier();
    assertThat(outcome(verifier, signed(claims().expirationTime(Date.from(NOW.minusSeconds(31)))))).isEqualTo("token expired");
    assertThat(outcome(verifier, signed(claims().audience("other")))).isEqualTo("wrong audience");
    assertThat(outcome(verifier, signed(claims().issuer("https://evil.test")))).isEqualTo("wrong issuer");
    assertThat(outcome(verifier, signed(claims().expirationTime(Date.from(NOW.plus(Duration.ofDays(365)))))))
        .isEqualTo("token lifetime too long");
    assertThat(outcome(verifier, signed(claims().issueTime(null)))).isEqualTo("token has no iat");
  }

  private String signed(JWTClaimsSet.Builder claims) throws Exception {
    return rs256(published, "k1", claims.build());
  }
}
