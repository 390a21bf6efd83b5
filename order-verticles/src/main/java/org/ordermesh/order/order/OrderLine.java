package org.ordermesh.order.order;

import io.vertx.core.json.JsonObject;

/** One line of an order, with the product's name and price as they were when the order was placed. */
public record OrderLine(String productId, String name, long unitPriceMinor, int quantity) {

  public long lineTotalMinor() {
    return Math.multiplyExact(unitPriceMinor, (long) quantity);
  }

  JsonObject toDocument() {
    return new JsonObject().put("productId", productId).put("name", name).put("unitPriceMinor", unitPriceMinor)
      .put("quantity", quantity).put("lineTotalMinor", lineTotalMinor());
  }

  static OrderLine fromDocument(JsonObject doc) {
    return new OrderLine(doc.getString("productId"), doc.getString("name"), doc.getLong("unitPriceMinor"),
      doc.getInteger("quantity"));
  }

  JsonObject toApi() {
    return new JsonObject().put("productId", productId).put("name", name)
      .put("unitPrice", Money.toDecimal(unitPriceMinor)).put("quantity", quantity)
      .put("lineTotal", Money.toDecimal(lineTotalMinor()));
  }
}
