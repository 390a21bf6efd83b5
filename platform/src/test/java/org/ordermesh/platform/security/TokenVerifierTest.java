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
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("the token verifier")
class TokenVerifierTest {

  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final VerifierSettings SETTINGS = new VerifierSettings("https://issuer.test", "ordermesh",
      Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofMinutes(15), 100, "auth");

  private Vertx vertx;
  private KeyPair keys;
  private final AtomicInteger fetches = new AtomicInteger();

  @BeforeAll
  void start() throws Exception {
    vertx = Vertx.vertx();
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    keys = generator.generateKeyPair();
  }

  @AfterAll
  void stop() {
    vertx.close();
  }

  private TokenVerifier verifier() {
    JsonObject jwks = new JsonObject().put("keys", new JsonArray().add(Jwks.toJwk("k1", (RSAPublicKey) keys.getPublic())));
    return new TokenVerifier(vertx, SETTINGS, () -> {
      fetches.incrementAndGet();
      return Future.succeededFuture(jwks);
    }, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static JsonObject claims() {
    return new JsonObject().put("iss", "https://issuer.test").put("aud", "ordermesh").put("sub", "user-1")
        .put("iat", NOW.getEpochSecond()).put("exp", NOW.plusSeconds(600).getEpochSecond())
        .put("roles", new JsonArray().add("customer")).put("scope", "customer orders.read");
  }

  private String rs256(JsonObject header, JsonObject claims) throws Exception {
    String input = b64(header) + "." + b64(claims);
    Signature signer = Signature.getInstance("SHA256withRSA");
    signer.initSign(keys.getPrivate());
    signer.update(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + B64.encodeToString(signer.sign());
  }

  private String signed(JsonObject claims) throws Exception {
    return rs256(new JsonObject().put("alg", "RS256").put("kid", "k1"), claims);
  }


  @Test
  @DisplayName("accepts a good token and answers it again from the cache without another check")
  void accepts() throws Exception {
    TokenVerifier verifier = verifier();
    String token = signed(claims());
    Principal principal = verifier.verify(token).await(5, TimeUnit.SECONDS);
    assertThat(principal.subject()).isEqualTo("user-1");
    assertThat(principal.roles()).containsExactly("customer");
    assertThat(principal.scopes()).containsExactlyInAnyOrder("customer", "orders.read");
    assertThat(verifier.verify(token).await(5, TimeUnit.SECONDS)).isSameAs(principal);
  }

  @Test
  @DisplayName("refuses expired, not-yet-valid, wrong issuer, wrong audience and subject-less tokens")
  void refusesClaims() throws Exception {
    TokenVerifier verifier = verifier();
    assertThat(outcome(verifier, signed(claims().put("exp", NOW.minusSeconds(31).getEpochSecond())))).isEqualTo("token expired");
    assertThat(outcome(verifier, signed(claims().put("exp", NOW.minusSeconds(5).getEpochSecond())))).as("within skew").isEqualTo("accepted");
    assertThat(outcome(verifier, signed(claims().put("nbf", NOW.plusSeconds(120).getEpochSecond())))).isEqualTo("token not yet valid");
    assertThat(outcome(verifier, signed(claims().put("iss", "https://evil.test")))).isEqualTo("wrong issuer");
    assertThat(outcome(verifier, signed(claims().put("aud", new JsonArray().add("other"))))).isEqualTo("wrong audience");
    assertThat(outcome(verifier, signed(claims().put("aud", new JsonArray().add("other").add("ordermesh"))))).isEqualTo("accepted");
    JsonObject noSubject = claims();
    noSubject.remove("sub");
    assertThat(outcome(verifier, signed(noSubject))).isEqualTo("token has no subject");
  }

  @Test
  @DisplayName("refuses alg none, HMAC keyed with the public key, a changed payload and malformed tokens")
  void refusesForgeries() throws Exception {
    TokenVerifier verifier = verifier();
    String good = signed(claims());
    String[] parts = good.split("\\.");
    String none = b64(new JsonObject().put("alg", "none").put("kid", "k1")) + "." + parts[1] + ".";
    String hmacInput = b64(new JsonObject().put("alg", "HS256").put("kid", "k1")) + "." + parts[1];
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(keys.getPublic().getEncoded(), "HmacSHA256"));
    String hmac = hmacInput + "." + B64.encodeToString(mac.doFinal(hmacInput.getBytes(StandardCharsets.US_ASCII)));
    String changed = parts[0] + "." + b64(claims().put("roles", new JsonArray().add("admin"))) + "." + parts[2];

    assertThat(outcome(verifier, none)).isEqualTo("not a signed JWT");
    assertThat(outcome(verifier, hmac)).isEqualTo("algorithm not accepted");
    assertThat(outcome(verifier, changed)).isEqualTo("bad signature");
    assertThat(outcome(verifier, "a.b")).isEqualTo("not a signed JWT");
    assertThat(outcome(verifier, "%%%.e30.AAAA")).isEqualTo("malformed token");
    assertThat(outcome(verifier, rs256(new JsonObject().put("alg", "RS256").put("kid", "k1").put("crit", new JsonArray().add("x")), claims())))
        .isEqualTo("unsupported token header");
  }

  @Test
  @DisplayName("fetches the JWKS for an unknown kid at most once per refresh interval")
  void rateLimitsUnknownKids() throws Exception {
    TokenVerifier verifier = verifier();
    fetches.set(0);
    for (int i = 0; i < 5; i++) {
      String token = rs256(new JsonObject().put("alg", "RS256").put("kid", "random-" + i), claims());
      assertThat(outcome(verifier, token)).isEqualTo("unknown signing key");
    }
    assertThat(fetches.get()).isEqualTo(1);
    assertThat(outcome(verifier, signed(claims()))).as("k1 came with that one fetch").isEqualTo("accepted");
  }

  private static String b64(JsonObject json) {
    return B64.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }
}
