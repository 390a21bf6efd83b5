package org.ordermesh.platform.security;

import static org.ordermesh.platform.security.VerificationOutcome.outcome;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("the token verifier, as keys are retired")
class KeyRetirementTest {

  private static final Instant START = Instant.parse("2025-06-01T12:00:00Z");
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final VerifierSettings SETTINGS = new VerifierSettings("https://issuer.test", "ordermesh",
      Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofMinutes(15), 100, "auth");

  /** A clock the test moves. */
  private static final class ManualClock extends Clock {
    private volatile Instant now = START;

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private Vertx vertx;
  private KeyPair stolen;
  private KeyPair successor;

  @BeforeAll
  void start() throws Exception {
    vertx = Vertx.vertx();
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    stolen = generator.generateKeyPair();
    successor = generator.generateKeyPair();
  }

  @AfterAll
  void stop() {
    vertx.close();
  }

  private static JsonObject jwks(String kid, KeyPair... pairs) {
    JsonArray keys = new JsonArray();
    for (int i = 0; i < pairs.length; i++) {
      keys.add(Jwks.toJwk(kid + i, (RSAPublicKey) pairs[i].getPublic()));
    }
    return new JsonObject().put("keys", keys);
  }

  private static String token(KeyPair pair, String kid, Instant issuedAt, Duration lifetime) throws Exception {
    JsonObject claims = new JsonObject().put("iss", "https://issuer.test").put("aud", "ordermesh").put("sub", "user-1")
        .put("iat", issuedAt.getEpochSecond()).put("exp", issuedAt.plus(lifetime).getEpochSecond());
    String input = b64(new JsonObject().put("alg", "RS256").put("kid", kid)) + "." + b64(claims);
    Signature signer = Signature.getInstance("SHA256withRSA");
    signer.initSign(pair.getPrivate());
    signer.update(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + B64.encodeToString(signer.sign());
  }

  private static String b64(JsonObject json) {
    return B64.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }


  @Test
  @DisplayName("stops trusting a key removed from the JWKS within a minute, its cached verifications too")
  void removedKeyStopsBeingTrusted() throws Exception {
    ManualClock clock = new ManualClock();
    AtomicReference<JsonObject> published = new AtomicReference<>(jwks("k", stolen, successor));
    TokenVerifier verifier = new TokenVerifier(vertx, SETTINGS, () -> Future.succeededFuture(published.get()), clock);
    String signedWithStolen = token(stolen, "k0", START, Duration.ofMinutes(15));
    String signedWithSuccessor = token(successor, "k1", START, Duration.ofMinutes(15));
    assertThat(outcome(verifier, signedWithStolen)).isEqualTo("accepted");
    assertThat(outcome(verifier, signedWithSuccessor)).isEqualTo("accepted");

    // the compromised key is retired at auth: only its successor stays published
    published.set(new JsonObject().put("keys", new JsonArray().add(published.get().getJsonArray("keys").getJsonObject(1))));
    clock.advance(Duration.ofSeconds(61));

    assertThat(outcome(verifier, signedWithStolen)).isEqualTo("unknown signing key");
    assertThat(outcome(verifier, signedWithSuccessor)).isEqualTo("accepted");
  }

  @Test
  @DisplayName("keeps the keys it has when the JWKS cannot be fetched for its periodic refresh")
  void keepsKeysWhenAuthIsDown() throws Exception {
    ManualClock clock = new ManualClock();
    AtomicReference<Future<JsonObject>> answer = new AtomicReference<>(Future.succeededFuture(jwks("k", stolen)));
    TokenVerifier verifier = new TokenVerifier(vertx, SETTINGS, answer::get, clock);
    assertThat(outcome(verifier, token(stolen, "k0", START, Duration.ofMinutes(15)))).isEqualTo("accepted");

    answer.set(Future.failedFuture(new IllegalStateException("auth is down")));
    clock.advance(Duration.ofSeconds(61));

    assertThat(outcome(verifier, token(stolen, "k0", clock.instant(), Duration.ofMinutes(10)))).isEqualTo("accepted");
  }

  @Test
  @DisplayName("refuses a token whose lifetime (exp - iat) exceeds the maximum, and one without iat")
  void refusesLongLivedTokens() throws Exception {
    TokenVerifier verifier = new TokenVerifier(vertx, SETTINGS, () -> Future.succeededFuture(jwks("k", stolen)), new ManualClock());

    assertThat(outcome(verifier, token(stolen, "k0", START, Duration.ofDays(365)))).isEqualTo("token lifetime too long");
    assertThat(outcome(verifier, token(stolen, "k0", START, Duration.ofMinutes(15)))).isEqualTo("accepted");
    JsonObject noIat = new JsonObject().put("iss", "https://issuer.test").put("aud", "ordermesh").put("sub", "user-1")
        .put("exp", START.plusSeconds(60).getEpochSecond());
    String input = b64(new JsonObject().put("alg", "RS256").put("kid", "k0")) + "." + b64(noIat);
    Signature signer = Signature.getInstance("SHA256withRSA");
    signer.initSign(stolen.getPrivate());
    signer.update(input.getBytes(StandardCharsets.US_ASCII));
    assertThat(outcome(verifier, input + "." + B64.encodeToString(signer.sign()))).isEqualTo("token has no iat");
  }
}
