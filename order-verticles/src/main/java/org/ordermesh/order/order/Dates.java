package org.ordermesh.order.order;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/** Instants stored as BSON dates, which the driver reads back as {@code {"$date": "..."}}. */
public final class Dates {

  private Dates() {
  }

  public static JsonObject toMongo(Instant instant) {
    return new JsonObject().put("$date", instant.toString());
  }

  public static Instant fromMongo(Object value) {
    if (value instanceof JsonObject date) {
      return Instant.parse(date.getString("$date"));
    }
    return Instant.parse(String.valueOf(value));
  }
}
