package org.ordermesh.catalog.api;

import io.vertx.core.json.JsonObject;

/**
 * {@code {v:1, action:"commit", orderId, attempt}}: the held stock leaves the warehouse for good. Idempotent, whatever
 * the attempt.
 */
public record CommitStock(String orderId, int attempt) {

  public CommitStock {
    MessageFields.id(orderId, CatalogAddresses.FIELD_ORDER_ID);
    MessageFields.attempt(attempt);
  }

  public static CommitStock fromJson(JsonObject json) {
    MessageFields.requireVersion(json);
    return new CommitStock(MessageFields.id(json.getValue(CatalogAddresses.FIELD_ORDER_ID), CatalogAddresses.FIELD_ORDER_ID),
        MessageFields.attempt(json));
  }

  public JsonObject toJson() {
    return MessageFields.command(CatalogAddresses.COMMIT, orderId, attempt);
  }
}
