package org.ordermesh.catalog;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.ordermesh.catalog.inventory.InventoryRepository;
import org.ordermesh.catalog.inventory.ReservationRepository;
import org.ordermesh.catalog.product.ProductRepository;
import org.ordermesh.platform.mongo.MongoClients;

/** Readies the catalog's database before any verticle serves: every repository's indexes, then the demo catalog. */
final class CatalogStore {

  private CatalogStore() {
  }

  static Future<Void> prepare(Vertx vertx, CatalogConfig config) {
    var service = config.service();
    var mongo = MongoClients.shared(vertx, service.platform().mongoUri(), service.database());
    var products = new ProductRepository(vertx, mongo);
    var inventory = new InventoryRepository(vertx, mongo, config.lowStockThreshold());
    var reservations = new ReservationRepository(mongo, config.reservationRetention());
    return Future.all(products.ensureIndexes(), inventory.ensureIndexes(), reservations.ensureIndexes())
        .compose(indexed -> config.seedDemo() ? DemoCatalog.seed(products, inventory) : Future.<Void>succeededFuture())
        // the verticles hold their own references to the shared client; this one is only for the preparation
        .eventually(mongo::close);
  }
}
