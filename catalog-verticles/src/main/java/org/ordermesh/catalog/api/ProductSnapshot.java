package org.ordermesh.catalog.api;

import io.vertx.core.json.JsonObject;

/**
 * What an order records of a product: {@code {id, name, priceMinor, currency, available}}. {@code priceMinor}
 * is the price in the currency's minor units (cents); {@code available} is false once the product was
 * withdrawn from sale. Stock is not part of it: {@code reserve} decides that.
 */
public record ProductSnapshot(String id, String name, long priceMinor, String currency, boolean available) {

  public static ProductSnapshot fromJson(JsonObject json) {
    return new ProductSnapshot(json.getString("id"), json.getString("name"), json.getLong("priceMinor"),
        json.getString("currency"), json.getBoolean("available"));
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("name", name).put("priceMinor", priceMinor)
        .put("currency", currency).put("available", available);
  }
}
