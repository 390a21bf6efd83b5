package org.ordermesh.platform.http.page;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a {@link Cursor} into an opaque token {@code base64url(json).base64url(hmac)} and back.
 *
 * <p>Cursors are signed so their values can go into a Mongo filter as they are (dates as {@code $date},
 * any id type) without a client forging an operator; the key is shared configuration because any node
 * may serve the next page.
 */
public final class CursorCodec {

  static final String INVALID = "invalid cursor";
  private static final String ALGORITHM = "HmacSHA256";
  private static final int MIN_KEY_BYTES = 32;
  private static final int MAX_TOKEN_LENGTH = 2048;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final SecretKeySpec key;

  public CursorCodec(byte[] key) {
    if (key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException("a cursor key needs at least " + MIN_KEY_BYTES + " bytes");
    }
    this.key = new SecretKeySpec(key.clone(), ALGORITHM);
  }

  /** A codec keyed by a configured secret of at least 32 characters. */
  public static CursorCodec fromSecret(String secret) {
    return new CursorCodec(secret.getBytes(StandardCharsets.UTF_8));
  }

  public String encode(Cursor cursor) {
    byte[] payload = new JsonObject()
        .put("f", cursor.sortField())
        .put("v", cursor.sortValue())
        .put("id", cursor.lastId())
        .toBuffer()
        .getBytes();
    return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(sign(payload));
  }

  /** The cursor in a token this codec made; IllegalArgumentException("invalid cursor") for anything else. */
  public Cursor decode(String token) {
    try {
      return verified(token);
    } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
      throw new IllegalArgumentException(INVALID);
    }
  }

  private Cursor verified(String token) {
    int dot = token.indexOf('.');
    if (token.length() > MAX_TOKEN_LENGTH || dot < 0) {
      throw new IllegalArgumentException(INVALID);
    }
    byte[] payload = DECODER.decode(token.substring(0, dot));
    if (!MessageDigest.isEqual(sign(payload), DECODER.decode(token.substring(dot + 1)))) {
      throw new IllegalArgumentException(INVALID);
    }
    JsonObject json = new JsonObject(new String(payload, StandardCharsets.UTF_8));
    return new Cursor(json.getString("f"), json.getValue("v"), json.getValue("id"));
  }

  private byte[] sign(byte[] payload) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(payload);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
