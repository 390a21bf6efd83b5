package org.ordermesh.catalog.api;

import io.vertx.core.json.JsonObject;

/** One line of a reservation: {@code {productId, quantity}}, quantity 1..10000. */
public record StockLine(String productId, int quantity) {

  public static final int MAX_QUANTITY = 10_000;

  public StockLine {
    MessageFields.id(productId, "productId");
    MessageFields.intIn(quantity, "quantity", 1, MAX_QUANTITY);
  }

  static StockLine fromJson(Object value, int index) {
    JsonObject json = MessageFields.object(value, "items." + index);
    return new StockLine(MessageFields.id(json.getValue("productId"), "items." + index + ".productId"),
        MessageFields.intIn(json.getValue("quantity"), "items." + index + ".quantity", 1, MAX_QUANTITY));
  }

  public JsonObject toJson() {
    return new JsonObject().put("productId", productId).put("quantity", quantity);
  }
}
