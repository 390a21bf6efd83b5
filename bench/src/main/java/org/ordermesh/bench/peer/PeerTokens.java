package org.ordermesh.bench.peer;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * The Flask peer's token issuer: a fresh ES256 key pair whose public half the peer reads from a PEM file
 * ({@code PEER_PUBKEY}), and customer tokens signed with the private half, claims as ordermesh's carry them
 * ({@code sub}, {@code aud: ordermesh}, {@code iat}, {@code exp}, {@code roles}).
 */
public final class PeerTokens {

  public static final String AUDIENCE = "ordermesh";
  // JWS ES256 wants the signature as R || S (32 bytes each), not the DER the plain algorithm gives
  private static final String ALGORITHM = "SHA256withECDSAinP1363Format";
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  private final KeyPair keys;

  private PeerTokens(KeyPair keys) {
    this.keys = keys;
  }

  public static PeerTokens generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return new PeerTokens(generator.generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no P-256 key pair from this JVM", e);
    }
  }

  public PublicKey publicKey() {
    return keys.getPublic();
  }

  /** The public key as a PEM SubjectPublicKeyInfo, what PyJWT's ES256 verifier loads. */
  public String publicKeyPem() {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(keys.getPublic().getEncoded());
    return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
  }

  public Path writePublicKey(Path dir) {
    try {
      return Files.writeString(dir.resolve("peer.pub"), publicKeyPem());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A customer token for {@code subject}, valid for {@code ttl}. */
  public String sign(String subject, Duration ttl) {
    Instant now = Instant.now();
    JsonObject header = new JsonObject().put("alg", "ES256").put("typ", "JWT");
    JsonObject claims = new JsonObject().put("sub", subject).put("aud", AUDIENCE).put("iat", now.getEpochSecond())
        .put("exp", now.plus(ttl).getEpochSecond()).put("roles", new JsonArray().add("customer"));
    String signingInput = encode(header) + "." + encode(claims);
    try {
      Signature signer = Signature.getInstance(ALGORITHM);
      signer.initSign(keys.getPrivate());
      signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + URL.encodeToString(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign an ES256 token", e);
    }
  }

  private static String encode(JsonObject json) {
    return URL.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }
}
