package org.ordermesh.catalog.api;

import io.vertx.core.json.JsonObject;

/**
 * {@code {v:1, action:"release", orderId, attempt}}: give the order's held stock back. Idempotent, whatever the
 * attempt; the reply's {@code previous} says what there was to release. A release of an order that never reserved
 * leaves a tombstone: its later reserve is refused {@link CatalogError#ALREADY_COMPENSATED}.
 */
public record ReleaseStock(String orderId, int attempt) {

  public ReleaseStock {
    MessageFields.id(orderId, CatalogAddresses.FIELD_ORDER_ID);
    MessageFields.attempt(attempt);
  }

  public static ReleaseStock fromJson(JsonObject json) {
    MessageFields.requireVersion(json);
    return new ReleaseStock(MessageFields.id(json.getValue(CatalogAddresses.FIELD_ORDER_ID), CatalogAddresses.FIELD_ORDER_ID),
        MessageFields.attempt(json));
  }

  public JsonObject toJson() {
    return MessageFields.command(CatalogAddresses.RELEASE, orderId, attempt);
  }
}
