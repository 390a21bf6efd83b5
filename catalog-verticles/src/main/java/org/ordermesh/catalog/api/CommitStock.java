package org.ordermesh.catalog.api;

import io.vertx.core.json.JsonObject;

/** {@code {v:1, action:"commit", orderId}}: the held stock leaves the warehouse for good. Idempotent. */
public record CommitStock(String orderId) {

  public CommitStock {
    MessageFields.id(orderId, "orderId");
  }

  public static CommitStock fromJson(JsonObject json) {
    MessageFields.requireVersion(json);
    return new CommitStock(MessageFields.id(json.getValue("orderId"), "orderId"));
  }

  public JsonObject toJson() {
    return new JsonObject().put("v", CatalogAddresses.VERSION).put("action", CatalogAddresses.COMMIT).put("orderId", orderId);
  }
}
