package org.ordermesh.catalog.inventory;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.ordermesh.catalog.api.CatalogEvents;
import org.ordermesh.platform.outbox.OutboxEvent;

/**
 * The events a stock move causes. StockLow marks the crossing, not the state: only the move that takes
 * {@code available} from above the threshold to or under it publishes one, so a product selling its last units
 * one by one raises one alert, and another only after a restock lifted it above the threshold again.
 */
final class StockEvents {

  private StockEvents() {
  }

  static List<OutboxEvent> of(Stock before, Stock after, int lowStockThreshold) {
    if (before.available() <= lowStockThreshold || after.available() > lowStockThreshold) {
      return List.of();
    }
    return List.of(OutboxEvent.of(CatalogEvents.STOCK_LOW, after.productId(), new JsonObject()
        .put("productId", after.productId())
        .put("available", after.available())
        .put("reserved", after.reserved())
        .put("threshold", lowStockThreshold)));
  }
}
