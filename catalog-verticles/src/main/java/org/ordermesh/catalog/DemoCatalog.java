package org.ordermesh.catalog;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.ordermesh.catalog.inventory.InventoryRepository;
import org.ordermesh.catalog.inventory.Stock;
import org.ordermesh.catalog.product.Product;
import org.ordermesh.catalog.product.ProductDraft;
import org.ordermesh.catalog.product.ProductRepository;
import org.ordermesh.platform.mongo.MongoErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A few products with stock, so a fresh node has something to order. Seeded only into an empty catalog, under
 * fixed ids: nodes starting together, or a restart half-way, insert each product once.
 */
final class DemoCatalog {

  private static final Logger log = LoggerFactory.getLogger(DemoCatalog.class);

  private record DemoProduct(String id, ProductDraft draft, int stock) {
  }

  private static final List<DemoProduct> PRODUCTS = List.of(
      demo("demo-espresso", "Espresso beans 1 kg", "coffee", 2490, "ESP-1KG", 120, new JsonObject().put("roast", "dark")),
      demo("demo-filter", "Filter coffee 500 g", "coffee", 1150, "FLT-500", 80, new JsonObject().put("roast", "light")),
      demo("demo-grinder", "Burr grinder", "equipment", 8900, "GRD-BURR", 15, new JsonObject().put("burrs", "conical")),
      demo("demo-kettle", "Gooseneck kettle", "equipment", 5450, "KTL-GOOSE", 4, new JsonObject().put("litres", 1)),
      demo("demo-mug", "Stoneware mug", "accessories", 1200, "MUG-STONE", 200, new JsonObject().put("colour", "sand")),
      demo("demo-filters", "Paper filters, 100", "accessories", 499, "FLT-PAPER-100", 3, new JsonObject()));

  private DemoCatalog() {
  }

  static Future<Void> seed(ProductRepository products, InventoryRepository inventory) {
    return products.findAll().compose(existing -> {
      if (!existing.isEmpty()) {
        return Future.succeededFuture();
      }
      Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      return Future.all(PRODUCTS.stream().map(demo -> seedOne(products, inventory, demo, now)).toList())
          .onSuccess(done -> log.info("seeded the demo catalog: {} products", PRODUCTS.size()))
          .mapEmpty();
    });
  }

  private static Future<Void> seedOne(ProductRepository products, InventoryRepository inventory, DemoProduct demo, Instant now) {
    Stock.Adjustment initial = new Stock.Adjustment("seed-" + demo.id(), demo.stock(), "demo catalog", "system", now, 0);
    return products.insert(Product.create(demo.id(), demo.draft(), now))
        .<Void>mapEmpty()
        .recover(failure -> MongoErrors.isDuplicateKey(failure) ? Future.succeededFuture() : Future.failedFuture(failure))
        .compose(inserted -> inventory.change(demo.id(), stock -> stock.exists() ? Optional.empty() : Optional.of(stock.adjust(initial))))
        .mapEmpty();
  }

  private static DemoProduct demo(String id, String name, String category, long priceMinor, String sku, int stock,
      JsonObject attributes) {
    return new DemoProduct(id, new ProductDraft(name, name + " from the ordermesh demo catalog.", category, priceMinor,
        "EUR", sku, attributes), stock);
  }
}
