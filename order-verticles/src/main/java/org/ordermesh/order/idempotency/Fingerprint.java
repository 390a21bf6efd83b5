package org.ordermesh.order.idempotency;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;

/** SHA-256 of a JSON body in canonical form (keys sorted at every level), so key order does not matter. */
public final class Fingerprint {

  private Fingerprint() {
  }

  public static String of(JsonObject body) {
    return sha256(canonical(body).toString());
  }

  public static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static Object canonical(Object value) {
    if (value instanceof JsonObject object) {
      var sorted = new TreeMap<String, Object>();
      object.forEach(entry -> sorted.put(entry.getKey(), canonical(entry.getValue())));
      var result = new JsonObject();
      sorted.forEach(result::put);
      return result;
    }
    if (value instanceof JsonArray array) {
      var result = new JsonArray();
      array.forEach(item -> result.add(canonical(item)));
      return result;
    }
    return value;
  }
}
