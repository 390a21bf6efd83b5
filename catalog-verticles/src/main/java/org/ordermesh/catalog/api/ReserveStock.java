package org.ordermesh.catalog.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code {v:1, action:"reserve", orderId, items:[{productId, quantity}]}}: hold every line for the order, or
 * none. Replies {@link ReservationReply} with status {@code RESERVED}; the same order id again gets the same reply.
 */
public record ReserveStock(String orderId, List<StockLine> items) {

  public static final int MAX_LINES = 100;

  public ReserveStock {
    MessageFields.id(orderId, "orderId");
    if (items.isEmpty() || items.size() > MAX_LINES) {
      throw MessageFields.invalid("items must hold 1 to " + MAX_LINES + " lines");
    }
    items = List.copyOf(items);
  }

  public static ReserveStock fromJson(JsonObject json) {
    MessageFields.requireVersion(json);
    JsonArray array = MessageFields.array(json, "items", 1, MAX_LINES);
    List<StockLine> lines = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      lines.add(StockLine.fromJson(array.getValue(i), i));
    }
    return new ReserveStock(MessageFields.id(json.getValue("orderId"), "orderId"), lines);
  }

  public JsonObject toJson() {
    return new JsonObject().put("v", CatalogAddresses.VERSION).put("action", CatalogAddresses.RESERVE)
        .put("orderId", orderId)
        .put("items", new JsonArray(items.stream().map(StockLine::toJson).toList()));
  }
}
