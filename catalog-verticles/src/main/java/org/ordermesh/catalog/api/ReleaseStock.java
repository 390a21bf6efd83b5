package org.ordermesh.catalog.api;

import io.vertx.core.json.JsonObject;

/**
 * {@code {v:1, action:"release", orderId}}: give the order's held stock back. Idempotent; the reply's
 * {@code previous} says what there was to release.
 */
public record ReleaseStock(String orderId) {

  public ReleaseStock {
    MessageFields.id(orderId, "orderId");
  }

  public static ReleaseStock fromJson(JsonObject json) {
    MessageFields.requireVersion(json);
    return new ReleaseStock(MessageFields.id(json.getValue("orderId"), "orderId"));
  }

  public JsonObject toJson() {
    return new JsonObject().put("v", CatalogAddresses.VERSION).put("action", CatalogAddresses.RELEASE).put("orderId", orderId);
  }
}
