package org.ordermesh.catalog;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** Dates as the Mongo client reads and writes them: {@code {"$date": "<ISO-8601>"}}, so they are BSON dates. */
public final class MongoDates {

  private MongoDates() {
  }

  public static JsonObject of(Instant instant) {
    return new JsonObject().put("$date", instant.toString());
  }

  public static Instant read(JsonObject doc, String field) {
    Object value = doc.getValue(field);
    if (value instanceof JsonObject date) {
      Object inner = date.getValue("$date");
      return inner instanceof Number millis ? Instant.ofEpochMilli(millis.longValue()) : Instant.parse(inner.toString());
    }
    return value == null ? null : Instant.parse(value.toString());
  }
}
