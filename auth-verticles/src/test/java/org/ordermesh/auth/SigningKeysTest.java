package org.ordermesh.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordermesh.auth.AuthNode.await;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("access tokens and signing keys")
class SigningKeysTest {

  private AuthNode auth;
  private int probePort;

  @BeforeAll
  void start() {
    auth = AuthNode.start(AuthNode.settings());
    await(auth.node.vertx().deployVerticle(new ProbeServiceVerticle(), new DeploymentOptions().setConfig(auth.node.settings())));
    probePort = await(auth.node.runtime().registry().lookupHttp(ProbeServiceVerticle.NAME)).port();
  }

  @AfterAll
  void stop() throws Exception {
    auth.close();
  }

  private int probe(String token) {
    return await(WebClient.create(auth.node.vertx()).get(probePort, "127.0.0.1", "/api/v1/probe/anyone")
        .bearerTokenAuthentication(token).send()).statusCode();
  }

  private JWKSet jwks() throws Exception {
    var response = await(auth.request(HttpMethod.GET, "/.well-known/jwks.json").send());
    assertThat(response.getHeader("Cache-Control")).startsWith("public, max-age=");
    return JWKSet.parse(response.bodyAsString());
  }

  @Test
  @DisplayName("verify with an independent JWT library from the JWKS alone, carrying every required claim")
  void independentVerification() throws Exception {
    SignedJWT jwt = SignedJWT.parse(auth.customerTokens().getString("access_token"));
    RSAKey key = (RSAKey) jwks().getKeyByKeyId(jwt.getHeader().getKeyID());
    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
    assertThat(jwt.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
    assertThat(key.size()).isEqualTo(2048);
    assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();
    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    assertThat(claims.getIssuer()).isEqualTo("https://auth.ordermesh.local");
    assertThat(claims.getAudience()).containsExactly("ordermesh");
    assertThat(claims.getStringListClaim("roles")).containsExactly("customer");
    assertThat(claims.getStringClaim("scope")).isEqualTo("customer");
    assertThat(claims.getJWTID()).isNotBlank();
    assertThat(claims.getSubject()).isNotBlank();
    assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(900_000L);
  }

  @Test
  @DisplayName("forged from a real token are refused: alg none, HMAC keyed with the public key, changed payload, unknown kid")
  void forgedTokensRefused() throws Exception {
    String real = auth.customerTokens().getString("access_token");
    assertThat(probe(real)).isEqualTo(200);
    String[] parts = real.split("\\.");
    SignedJWT parsed = SignedJWT.parse(real);
    String kid = parsed.getHeader().getKeyID();
    String adminPayload = b64(new JsonObject(parsed.getJWTClaimsSet().toJSONObject()).put("roles", List.of("admin")).encode());

    String none = b64("{\"alg\":\"none\",\"kid\":\"" + kid + "\"}") + "." + parts[1] + ".";
    String changed = parts[0] + "." + adminPayload + "." + parts[2];
    RSAKey publicKey = (RSAKey) jwks().getKeyByKeyId(kid);
    SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).build(), parsed.getJWTClaimsSet());
    hmac.sign(new MACSigner(publicKey.toRSAPublicKey().getEncoded()));
    RSAKey stranger = new RSAKeyGenerator(2048).keyID("unknown-kid").generate();
    SignedJWT unknownKid = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("unknown-kid")
        .type(new JOSEObjectType("at+jwt")).build(), parsed.getJWTClaimsSet());
    unknownKid.sign(new RSASSASigner(stranger));

    assertThat(probe(none)).isEqualTo(401);
    assertThat(probe(changed)).isEqualTo(401);
    assertThat(probe(hmac.serialize())).isEqualTo(401);
    assertThat(probe(unknownKid.serialize())).isEqualTo(401);
  }

  @Test
  @DisplayName("rotate on demand: new tokens carry the new kid and tokens of the old key stay valid")
  void rotation() throws Exception {
    String oldToken = auth.adminTokens().getString("access_token");
    String oldKid = SignedJWT.parse(oldToken).getHeader().getKeyID();
    var rotated = await(auth.request(HttpMethod.POST, "/api/v1/auth/keys/rotate").bearerTokenAuthentication(oldToken).send());
    assertThat(rotated.statusCode()).isEqualTo(201);
    String newKid = rotated.bodyAsJsonObject().getString("kid");

    String newToken = auth.adminTokens().getString("access_token");
    assertThat(SignedJWT.parse(newToken).getHeader().getKeyID()).isEqualTo(newKid).isNotEqualTo(oldKid);
    assertThat(jwks().getKeys()).extracting(k -> k.getKeyID()).contains(oldKid, newKid);
    assertThat(probe(oldToken)).isEqualTo(200);
    assertThat(probe(newToken)).isEqualTo(200);
  }

  @Test
  @DisplayName("survive a restart, and nodes starting together on a fresh database share one first key")
  void restartAndConcurrentFirstStart() throws Exception {
    JsonObject settings = AuthNode.settings();
    var first = new java.util.concurrent.CompletableFuture<AuthNode>();
    var second = new java.util.concurrent.CompletableFuture<AuthNode>();
    new Thread(() -> first.complete(AuthNode.start(settings))).start();
    new Thread(() -> second.complete(AuthNode.start(settings))).start();
    try (AuthNode a = first.get(); AuthNode b = second.get()) {
      String token = a.adminTokens().getString("access_token");
      var fromA = await(a.request(HttpMethod.GET, "/.well-known/jwks.json").send()).bodyAsJsonObject();
      var fromB = await(b.request(HttpMethod.GET, "/.well-known/jwks.json").send()).bodyAsJsonObject();
      assertThat(fromA.getJsonArray("keys")).hasSize(1);
      assertThat(fromB).isEqualTo(fromA);
      a.close();
      try (AuthNode restarted = AuthNode.start(settings)) {
        assertThat(restarted.get("/api/v1/auth/me", token).statusCode()).isEqualTo(200);
      }
    }
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
