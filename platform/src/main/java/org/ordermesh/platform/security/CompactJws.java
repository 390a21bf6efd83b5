package org.ordermesh.platform.security;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A token's header and claims, before anything is trusted (vertx-auth-jwt checks the signature). Parsing
 * only accepts what ordermesh issues: {@code alg} exactly RS256 (so never {@code none} and never HMAC keyed
 * with a public key), a {@code kid}, no {@code crit} extensions.
 */
record CompactJws(String kid, JsonObject claims) {

  static final int MAX_LENGTH = 8 * 1024;
  private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

  /** The parts of a well-formed RS256 token; {@link InvalidTokenException} for anything else. */
  static CompactJws parse(String token) {
    if (token.length() > MAX_LENGTH) {
      throw new InvalidTokenException("token too long");
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3 || parts[2].isEmpty()) {
      throw new InvalidTokenException("not a signed JWT");
    }
    JsonObject header = json(parts[0]);
    if (!Jwks.ALGORITHM.equals(header.getValue("alg"))) {
      throw new InvalidTokenException("algorithm not accepted");
    }
    if (!(header.getValue("kid") instanceof String kid) || header.containsKey("crit")) {
      throw new InvalidTokenException("unsupported token header");
    }
    decode(parts[2]); // a signature that is not base64url is malformed, not merely wrong
    return new CompactJws(kid, json(parts[1]));
  }

  private static JsonObject json(String part) {
    try {
      return new JsonObject(new String(decode(part), StandardCharsets.UTF_8));
    } catch (DecodeException | ClassCastException e) {
      throw new InvalidTokenException("malformed token");
    }
  }

  private static byte[] decode(String part) {
    try {
      return BASE64URL.decode(part);
    } catch (IllegalArgumentException e) {
      throw new InvalidTokenException("malformed token");
    }
  }
}
