package org.ordermesh.catalog;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import org.ordermesh.catalog.inventory.InventoryEndpoints;
import org.ordermesh.catalog.inventory.InventoryRepository;
import org.ordermesh.catalog.product.ProductCache;
import org.ordermesh.catalog.product.ProductEndpoints;
import org.ordermesh.catalog.product.ProductRepository;
import org.ordermesh.catalog.report.InventoryReport;
import org.ordermesh.platform.health.HealthRoutes;
import org.ordermesh.platform.http.ApiRouter;
import org.ordermesh.platform.http.Endpoints;
import org.ordermesh.platform.http.page.CursorCodec;
import org.ordermesh.platform.mongo.MongoClients;
import org.ordermesh.platform.security.Authentication;
import org.ordermesh.platform.security.Authorization;
import org.ordermesh.platform.service.ServiceHttpServer;

/** The catalog's HTTP API: products, inventory and the inventory report, plus health and metrics. */
public class CatalogHttpVerticle extends VerticleBase {

  private static final String PRODUCTS = ProductEndpoints.BASE;
  private static final String INVENTORY = InventoryEndpoints.BASE;

  private MongoClient mongo;
  private ProductCache cache;
  private ProductEndpoints products;
  private InventoryEndpoints inventory;
  private InventoryReport report;
  private ServiceHttpServer server;

  @Override
  public Future<?> start() {
    var config = CatalogConfig.from(config());
    var service = config.service();
    mongo = MongoClients.shared(vertx, service.platform().mongoUri(), service.database());
    var productRepository = new ProductRepository(vertx, mongo);
    var inventoryRepository = new InventoryRepository(vertx, mongo, config.lowStockThreshold());
    cache = new ProductCache(vertx, productRepository);
    products = new ProductEndpoints(productRepository, cache, inventoryRepository, CursorCodec.fromSecret(config.cursorSecret()));
    inventory = new InventoryEndpoints(inventoryRepository, products::exists);
    report = new InventoryReport(mongo, config.lowStockThreshold());
    return cache.start()
        .compose(cached -> ServiceHttpServer.start(vertx, service, router()))
        .onSuccess(started -> server = started);
  }

  private Router router() {
    Router router = ApiRouter.create(vertx, CatalogService.NAME);
    Handler<RoutingContext> authenticated = Authentication.required(vertx, config());
    Handler<RoutingContext> admin = Authorization.role("admin");

    // products: anyone reads, admins write
    router.get(PRODUCTS).handler(Endpoints.handler(products::listProducts));
    router.post(PRODUCTS + "/snapshots").handler(Endpoints.handler(products::snapshotProducts));
    router.get(PRODUCTS + "/:id").handler(Endpoints.handler(products::getProduct));
    router.post(PRODUCTS).handler(authenticated).handler(admin).handler(Endpoints.handler(products::createProduct));
    router.put(PRODUCTS + "/:id").handler(authenticated).handler(admin).handler(Endpoints.handler(products::replaceProduct));
    router.delete(PRODUCTS + "/:id").handler(authenticated).handler(admin).handler(Endpoints.handler(products::deleteProduct));

    // inventory: admins
    router.get(INVENTORY + "/:productId").handler(authenticated).handler(admin).handler(Endpoints.handler(inventory::getInventory));
    router.post(INVENTORY + "/:productId/adjustments").handler(authenticated).handler(admin).handler(Endpoints.handler(inventory::adjustStock));
    router.get(INVENTORY + "/:productId/adjustments").handler(authenticated).handler(admin).handler(Endpoints.handler(inventory::listAdjustments));

    // reports: admins
    router.get(InventoryReport.PATH).handler(authenticated).handler(admin).handler(Endpoints.handler(report::getInventoryReport));

    // admin routes verify tokens with the auth service's keys
    HealthRoutes.mount(router, vertx, Optional.of(mongo), List.of("auth"));
    return router;
  }

  @Override
  public Future<?> stop() {
    return cache.stop().transform(v -> server == null ? Future.succeededFuture() : server.stop());
  }
}
