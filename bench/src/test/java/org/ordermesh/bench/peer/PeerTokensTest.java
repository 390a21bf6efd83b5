package org.ordermesh.bench.peer;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class PeerTokensTest {

  private final PeerTokens tokens = PeerTokens.generate();

  @Test
  @DisplayName("a peer token is an ES256 JWS for the ordermesh audience that verifies with the PEM public key")
  void tokenVerifiesWithThePemKey() throws Exception {
    String token = tokens.sign("peer-customer-1", Duration.ofHours(1));
    String[] parts = token.split("\\.");

    assertThat(parts).hasSize(3);
    assertThat(json(parts[0]).getString("alg")).isEqualTo("ES256");
    JsonObject claims = json(parts[1]);
    assertThat(claims.getString("sub")).isEqualTo("peer-customer-1");
    assertThat(claims.getString("aud")).isEqualTo("ordermesh");
    assertThat(claims.getLong("exp")).isBetween(Instant.now().plusSeconds(3590).getEpochSecond(),
        Instant.now().plusSeconds(3600).getEpochSecond());
    // JWS ES256: R || S, 64 bytes, not DER
    assertThat(Base64.getUrlDecoder().decode(parts[2])).hasSize(64);
    assertThat(verifies(pemKey(tokens.publicKeyPem()), parts[0] + "." + parts[1], parts[2])).isTrue();
  }

  @Test
  @DisplayName("a peer token whose claims were changed does not verify")
  void tamperedTokenDoesNotVerify() throws Exception {
    String[] parts = tokens.sign("peer-customer-1", Duration.ofHours(1)).split("\\.");
    String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
        json(parts[1]).put("sub", "someone-else").encode().getBytes(StandardCharsets.UTF_8));

    assertThat(verifies(tokens.publicKey(), parts[0] + "." + forged, parts[2])).isFalse();
    assertThat(verifies(PeerTokens.generate().publicKey(), parts[0] + "." + parts[1], parts[2])).isFalse();
  }

  private static JsonObject json(String part) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
  }

  private static PublicKey pemKey(String pem) throws Exception {
    assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n");
    String body = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
        .replaceAll("\\s", "");
    return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
  }

  private static boolean verifies(PublicKey key, String signingInput, String signature) throws Exception {
    Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
    verifier.initVerify(key);
    verifier.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    return verifier.verify(Base64.getUrlDecoder().decode(signature));
  }
}
