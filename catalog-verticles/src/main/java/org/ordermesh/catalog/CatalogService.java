package org.ordermesh.catalog;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.ordermesh.catalog.api.CatalogEvents;
import org.ordermesh.catalog.inventory.InventoryBusVerticle;
import org.ordermesh.catalog.inventory.InventoryRepository;
import org.ordermesh.catalog.inventory.ReservationSweeperVerticle;
import org.ordermesh.catalog.product.ProductBusVerticle;
import org.ordermesh.catalog.product.ProductRepository;
import org.ordermesh.platform.config.ServiceConfig;
import org.ordermesh.platform.outbox.OutboxRelaySettings;
import org.ordermesh.platform.outbox.OutboxRelayVerticle;
import org.ordermesh.platform.outbox.OutboxSource;
import org.ordermesh.platform.service.ServiceModule;

/** The catalog service as the launcher sees it: its name, settings and verticles. */
public final class CatalogService implements ServiceModule {

  public static final String NAME = "catalog";
  public static final int DEFAULT_PORT = 8082;

  public static ServiceConfig config(JsonObject settings) {
    return ServiceConfig.from(settings, NAME, DEFAULT_PORT);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Future<List<String>> deploy(Vertx vertx, JsonObject settings) {
    CatalogConfig config;
    try {
      config = CatalogConfig.from(settings);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    DeploymentOptions options = new DeploymentOptions().setConfig(settings);
    // the HTTP verticle starts the node's product cache, which the bus verticle answers from
    return CatalogStore.prepare(vertx, config)
        .compose(ready -> vertx.deployVerticle(CatalogHttpVerticle::new, options))
        .compose(http -> Future.all(List.of(
            Future.succeededFuture(http),
            vertx.deployVerticle(ProductBusVerticle::new, options),
            vertx.deployVerticle(InventoryBusVerticle::new, options),
            vertx.deployVerticle(ReservationSweeperVerticle::new, options),
            vertx.deployVerticle(new OutboxRelayVerticle(relay(config))))))
        .map(deployed -> deployed.<String>list());
  }

  // products and their stock are separate aggregates, one topic: both keyed by product id
  private static OutboxRelaySettings relay(CatalogConfig config) {
    return OutboxRelaySettings.of(NAME, config.service().database(), List.of(
        new OutboxSource(ProductRepository.COLLECTION, CatalogEvents.TOPIC, CatalogEvents.SOURCE),
        new OutboxSource(InventoryRepository.COLLECTION, CatalogEvents.TOPIC, CatalogEvents.SOURCE)));
  }
}
