package org.ordermesh.auth;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** Instants as the Mongo client writes BSON dates ({@code {"$date": "..."}}), which TTL indexes need. */
public final class MongoDates {

  private MongoDates() {
  }

  public static JsonObject of(Instant instant) {
    return new JsonObject().put("$date", instant.toString());
  }

  public static Instant read(JsonObject document, String field) {
    Object value = document.getValue(field);
    if (value instanceof JsonObject date) {
      Object text = date.getValue("$date");
      return text instanceof Number millis ? Instant.ofEpochMilli(millis.longValue()) : Instant.parse(text.toString());
    }
    return null;
  }
}
