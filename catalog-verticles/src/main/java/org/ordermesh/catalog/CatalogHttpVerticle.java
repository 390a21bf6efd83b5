package org.ordermesh.catalog;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
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
import org.ordermesh.platform.http.RequestSchemas;
import org.ordermesh.platform.http.page.CursorCodec;
import org.ordermesh.platform.mongo.MongoClients;
import org.ordermesh.platform.security.Authentication;
import org.ordermesh.platform.security.Authorization;
import org.ordermesh.platform.service.ServiceHttpServer;

/**
 * The catalog's HTTP API: products, inventory and the inventory report, plus health and metrics. The API's
 * routers are also built on the node gateway's event loops ({@link ServiceHttpServer#start(io.vertx.core.Vertx,
 * org.ordermesh.platform.config.ServiceConfig, Router, java.util.function.Function)}): what they share is the Mongo
 * client, the product cache, the report and the request schemas, all safe across event loops; the rest is made per
 * router.
 */
public class CatalogHttpVerticle extends VerticleBase {

  private static final String PRODUCTS = ProductEndpoints.BASE;
  private static final String INVENTORY = InventoryEndpoints.BASE;

  private CatalogConfig config;
  private MongoClient mongo;
  private ProductCache cache;
  private CursorCodec cursors;
  private InventoryReport report;
  private RequestSchemas schemas;
  private ServiceHttpServer server;

  @Override
  public Future<?> start() {
    config = CatalogConfig.from(config());
    var service = config.service();
    mongo = MongoClients.shared(vertx, service.platform().mongoUri(), service.database());
    cache = new ProductCache(vertx, mongo);
    cursors = CursorCodec.fromSecret(config.cursorSecret());
    report = new InventoryReport(mongo, config.lowStockThreshold());
    return RequestSchemas.load(vertx, CatalogService.NAME)
        .compose(loaded -> {
          schemas = loaded;
          return cache.start();
        })
        .compose(cached -> {
          Router router = apiRouter(vertx);
          // admin routes verify tokens with the auth service's keys
          HealthRoutes.mount(router, vertx, Optional.of(mongo), List.of("auth"));
          return ServiceHttpServer.start(vertx, service, router, this::apiRouter);
        })
        .onSuccess(started -> server = started);
  }

  // called on this verticle's context and on each gateway event loop's
  private Router apiRouter(Vertx vertx) {
    Router router = ApiRouter.create(vertx, CatalogService.NAME);
    // the inventory repository sequences writes per product on one context, so each router has its own
    var stock = new InventoryRepository(vertx, mongo, config.lowStockThreshold());
    var products = new ProductEndpoints(new ProductRepository(vertx, mongo), cache, stock, cursors, schemas);
    var inventory = new InventoryEndpoints(stock, products::exists, schemas);
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
    return router;
  }

  @Override
  public Future<?> stop() {
    return cache.stop().transform(v -> server == null ? Future.succeededFuture() : server.stop());
  }
}
