package org.ordermesh.catalog.sales;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the sales counts need of an {@code OrderConfirmed} event: the order id and the units of each product,
 * lines naming one product twice summed (each (order, product) is counted once).
 */
record ConfirmedOrder(String orderId, Map<String, Long> unitsByProduct) {

  /** Reads the event's data; IllegalArgumentException when it is not an order with lines. */
  static ConfirmedOrder from(JsonObject data) {
    if (data == null || !(data.getValue("orderId") instanceof String orderId) || orderId.isEmpty()
        || !(data.getValue("items") instanceof JsonArray items)) {
      throw new IllegalArgumentException("an OrderConfirmed event without orderId or items");
    }
    Map<String, Long> units = new LinkedHashMap<>();
    for (Object item : items) {
      if (!(item instanceof JsonObject line) || !(line.getValue("productId") instanceof String productId)
          || !(line.getValue("quantity") instanceof Number quantity) || quantity.longValue() < 1) {
        throw new IllegalArgumentException("order " + orderId + " has a line without productId or a positive quantity");
      }
      units.merge(productId, quantity.longValue(), Long::sum);
    }
    return new ConfirmedOrder(orderId, Map.copyOf(units));
  }
}
