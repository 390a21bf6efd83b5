package org.ordermesh.platform.security;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** RSA signature keys in JSON Web Key Set form (RFC 7517), the only form the auth service publishes them in. */
public final class Jwks {

  public static final String ALGORITHM = "RS256";
  static final int MIN_MODULUS_BITS = 2048;

  private Jwks() {
  }

  /** One public key as a JWK: {@code {kty: RSA, use: sig, alg: RS256, kid, n, e}}. */
  public static JsonObject toJwk(String kid, RSAPublicKey key) {
    return new JsonObject()
        .put("kty", "RSA")
        .put("use", "sig")
        .put("alg", ALGORITHM)
        .put("kid", kid)
        .put("n", unsigned(key.getModulus()))
        .put("e", unsigned(key.getPublicExponent()));
  }

  /** The usable keys of a JWKS by {@code kid}: RSA signature keys for RS256 of at least 2048 bits; others are skipped. */
  public static Map<String, RSAPublicKey> parse(JsonObject jwks) {
    Map<String, RSAPublicKey> keys = new HashMap<>();
    JsonArray array = jwks.getJsonArray("keys", new JsonArray());
    for (int i = 0; i < array.size(); i++) {
      if (array.getValue(i) instanceof JsonObject jwk && isRs256SigningKey(jwk)) {
        RSAPublicKey key = rsaKey(jwk);
        if (key != null && key.getModulus().bitLength() >= MIN_MODULUS_BITS) {
          keys.put(jwk.getString("kid"), key);
        }
      }
    }
    return Map.copyOf(keys);
  }

  private static boolean isRs256SigningKey(JsonObject jwk) {
    return "RSA".equals(jwk.getValue("kty"))
        && jwk.getValue("kid") instanceof String
        && ALGORITHM.equals(jwk.getValue("alg", ALGORITHM))
        && "sig".equals(jwk.getValue("use", "sig"));
  }

  private static RSAPublicKey rsaKey(JsonObject jwk) {
    try {
      BigInteger modulus = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.getString("n")));
      BigInteger exponent = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.getString("e")));
      return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent));
    } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException | NullPointerException e) {
      return null;
    }
  }

  // JWK integers are big-endian without the sign byte BigInteger adds
  private static String unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    int start = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
    byte[] trimmed = java.util.Arrays.copyOfRange(bytes, start, bytes.length);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(trimmed);
  }
}
