package org.ordermesh.platform.mongo;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * Instants as the Mongo client writes BSON dates ({@code {"$date": "..."}}), which TTL indexes and date
 * range queries need, and back.
 */
public final class MongoDates {

  private MongoDates() {
  }

  public static JsonObject of(Instant instant) {
    return new JsonObject().put("$date", instant.toString());
  }

  /** The instant in {@code field} of {@code document}, or null when it holds none. */
  public static Instant read(JsonObject document, String field) {
    return toInstant(document.getValue(field));
  }

  /** A stored date, however the driver hands it back (ISO text or epoch millis), or null. */
  public static Instant toInstant(Object value) {
    if (value instanceof JsonObject date) {
      Object text = date.getValue("$date");
      return text instanceof Number millis ? Instant.ofEpochMilli(millis.longValue()) : Instant.parse(text.toString());
    }
    return value == null ? null : Instant.parse(value.toString());
  }
}
