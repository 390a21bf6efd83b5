package org.ordermesh.catalog.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code {v:1, action:"reserve", orderId, items:[{productId, quantity}], attempt}}: hold every line for the order, or
 * none. Replies {@link ReservationReply} with status {@code RESERVED}; the same order id again, whatever the attempt,
 * gets the same decision.
 */
public record ReserveStock(String orderId, List<StockLine> items, int attempt) {

  public static final int MAX_LINES = 100;

  public ReserveStock {
    MessageFields.id(orderId, CatalogAddresses.FIELD_ORDER_ID);
    if (items.isEmpty() || items.size() > MAX_LINES) {
      throw MessageFields.invalid("items must hold 1 to " + MAX_LINES + " lines");
    }
    items = List.copyOf(items);
    MessageFields.attempt(attempt);
  }

  public static ReserveStock fromJson(JsonObject json) {
    MessageFields.requireVersion(json);
    JsonArray array = MessageFields.array(json, CatalogAddresses.FIELD_ITEMS, 1, MAX_LINES);
    List<StockLine> lines = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      lines.add(StockLine.fromJson(array.getValue(i), i));
    }
    return new ReserveStock(MessageFields.id(json.getValue(CatalogAddresses.FIELD_ORDER_ID), CatalogAddresses.FIELD_ORDER_ID),
        lines, MessageFields.attempt(json));
  }

  public JsonObject toJson() {
    return MessageFields.command(CatalogAddresses.RESERVE, orderId, attempt)
        .put(CatalogAddresses.FIELD_ITEMS, new JsonArray(items.stream().map(StockLine::toJson).toList()));
  }
}
