package org.ordermesh.platform.http.page;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a {@link Cursor} into an opaque token {@code base64url(json).base64url(hmac)} and back.
 *
 * <p>Cursors are signed so a client cannot move them to values no page ended at, and their values are typed
 * ({@link CursorValue}: string, number, date, ObjectId), so even someone holding the key cannot put a
 * query operator into the filter they become. The key is shared configuration because any node may serve
 * the next page.
 */
public final class CursorCodec {

  static final String INVALID = "invalid cursor";
  private static final String ALGORITHM = "HmacSHA256";
  private static final int MIN_KEY_BYTES = 32;
  private static final int MAX_TOKEN_LENGTH = 2048;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
  private static final Set<String> FIELDS = Set.of("f", "t", "v", "id");

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
        .put("t", CursorValue.typeOf(cursor.sortValue()))
        .put("v", cursor.sortValue())
        .put("id", CursorValue.checkedId(cursor.lastId()))
        .toBuffer()
        .getBytes();
    return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(signature(payload));
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
    if (!MessageDigest.isEqual(signature(payload), DECODER.decode(token.substring(dot + 1)))) {
      throw new IllegalArgumentException(INVALID);
    }
    JsonObject json = new JsonObject(new String(payload, StandardCharsets.UTF_8));
    if (!json.fieldNames().equals(FIELDS) || !(json.getValue("f") instanceof String field)) {
      throw new IllegalArgumentException(INVALID);
    }
    return new Cursor(field, CursorValue.checked(json.getString("t"), json.getValue("v")),
        CursorValue.checkedId(json.getValue("id")));
  }

  byte[] signature(byte[] payload) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(payload);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
