package org.ordermesh.order.order;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.ordermesh.order.OrderConfig;
import org.ordermesh.order.OrderService;
import org.ordermesh.order.api.OrderStatus;
import org.ordermesh.order.feed.OrderEventStream;
import org.ordermesh.order.idempotency.IdempotencyKeys;
import org.ordermesh.order.idempotency.IdempotentPost;
import org.ordermesh.order.report.SalesReport;
import org.ordermesh.order.saga.SagaLeases;
import org.ordermesh.order.saga.SagaProgress;
import org.ordermesh.platform.config.ClasspathJson;
import org.ordermesh.platform.health.HealthRoutes;
import org.ordermesh.platform.http.ApiException;
import org.ordermesh.platform.http.ApiRouter;
import org.ordermesh.platform.http.Endpoints;
import org.ordermesh.platform.http.JsonBodyValidator;
import org.ordermesh.platform.http.QueryParams;
import org.ordermesh.platform.http.page.CursorCodec;
import org.ordermesh.platform.http.page.CursorQuery;
import org.ordermesh.platform.http.page.PageRequest;
import org.ordermesh.platform.http.page.Pages;
import org.ordermesh.platform.mongo.MongoClients;
import org.ordermesh.platform.node.NodeRuntime;
import org.ordermesh.platform.security.Authentication;
import org.ordermesh.platform.security.Authorization;
import org.ordermesh.platform.security.Principal;
import org.ordermesh.platform.service.ServiceHttpServer;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The order service's HTTP API: placing, reading and cancelling orders, their status feed, saga timeline and sales. */
public class OrderHttpVerticle extends VerticleBase {

  private static final String ORDERS = "/api/v1/orders";
  private static final String ADMIN = "admin";
  private static final String SORT_FIELD = "createdAt";
  // a first request that holds its key longer than this has died; a retry may take over
  private static final Duration IN_FLIGHT_LIMIT = Duration.ofSeconds(30);
  private static final int CANCEL_ATTEMPTS = 3;

  private OrderRepository orders;
  private OrderPlacement placement;
  private IdempotentPost idempotentPost;
  private JsonBodyValidator placeOrderSchema;
  private CursorCodec cursors;
  private SalesReport salesReport;
  private OrderEventStream eventStream;
  private ServiceHttpServer server;

  @Override
  public Future<?> start() {
    var config = OrderConfig.from(config());
    var runtime = NodeRuntime.of(vertx);
    var mongo = MongoClients.shared(vertx, config.service().platform().mongoUri(), config.service().database());
    orders = new OrderRepository(mongo);
    var leases = new SagaLeases(mongo);
    var keys = new IdempotencyKeys(mongo);
    placement = new OrderPlacement(vertx, config, new ProductCatalog(vertx), orders, leases,
      new OrderAnnouncer(vertx, runtime.meters()));
    idempotentPost = new IdempotentPost(keys, IN_FLIGHT_LIMIT);
    placeOrderSchema = JsonBodyValidator.of(ClasspathJson.read("schemas/place-order.json"));
    cursors = CursorCodec.fromSecret(config.cursorSecret());
    salesReport = new SalesReport(orders);
    eventStream = new OrderEventStream(vertx, orders);

    var router = apiRouter(vertx);
    HealthRoutes.mount(router, vertx, Optional.of(mongo),
      List.of("auth", "catalog.products", "catalog.inventory", "payment.payments"));

    return Future.all(orders.ensureIndexes(), leases.ensureIndexes(), keys.ensureIndexes())
      .compose(v -> ServiceHttpServer.start(vertx, config.service(), router, this::apiRouter))
      .onSuccess(started -> server = started);
  }

  /**
   * The API, built on this verticle's context and on each event loop of the node's gateway, which runs the
   * requests for it in-process. What the routers share (the Mongo client, the placement, its peer clients,
   * the validator) is safe across event loops; an event stream's consumer and timers belong to the context
   * that serves it.
   */
  private Router apiRouter(Vertx vertx) {
    var router = ApiRouter.create(vertx, OrderService.NAME);
    var authenticated = Authentication.required(vertx, config());
    router.post(ORDERS).handler(authenticated).handler(Authorization.role("customer")).handler(Endpoints.handler(this::placeOrder));
    router.get(ORDERS).handler(authenticated).handler(Endpoints.handler(this::listOrders));
    router.get(ORDERS + "/:id").handler(authenticated).handler(Endpoints.handler(this::getOrder));
    router.post(ORDERS + "/:id/cancel").handler(authenticated).handler(Endpoints.handler(this::cancelOrder));
    router.get(ORDERS + "/:id/events").handler(authenticated).handler(Endpoints.handler(this::streamOrderEvents));
    router.get(ORDERS + "/:id/saga").handler(authenticated).handler(Authorization.role(ADMIN))
      .handler(Endpoints.handler(this::getSaga));
    router.get("/api/v1/reports/sales").handler(authenticated).handler(Authorization.role(ADMIN))
      .handler(Endpoints.handler(this::getSalesReport));
    return router;
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.stop();
  }

  private Future<Void> placeOrder(RoutingContext ctx) {
    var customer = Principal.of(ctx);
    var body = placeOrderSchema.validBody(ctx);
    return idempotentPost.handle(ctx, customer.subject(), body,
      orderId -> placement.prepare(orderId, customer.subject(), body).map(order ->
        new IdempotentPost.Prepared(order.toApi(), () -> placement.place(order).map(Order::toApi))),
      orderId -> orders.findById(orderId).map(Optional::isPresent),
      created -> ORDERS + "/" + created.getString("id"));
  }

  private Future<Void> listOrders(RoutingContext ctx) {
    var caller = Principal.of(ctx);
    record Query(OrderStatus status, PageRequest page) {
    }
    var query = QueryParams.read(ctx, q -> new Query(q.optionalEnum("status", OrderStatus.class, null),
      PageRequest.from(q, cursors)));
    var filter = new JsonObject();
    if (!caller.hasRole(ADMIN)) {
      filter.put("customerId", caller.subject());
    }
    if (query.status() != null) {
      filter.put("status", query.status().name());
    }
    return orders.find(CursorQuery.filter(filter, SORT_FIELD, false, query.page().cursor()),
        CursorQuery.findOptions(SORT_FIELD, false, query.page()))
      .map(found -> Pages.of(found, query.page(), SORT_FIELD, cursors).map(doc -> Order.fromDocument(doc).toApi()))
      .compose(page -> Pages.send(ctx, page));
  }

  private Future<Void> getOrder(RoutingContext ctx) {
    return visibleOrder(ctx).compose(order -> json(ctx, 200, order.toApi()));
  }

  private Future<Void> cancelOrder(RoutingContext ctx) {
    return visibleOrder(ctx).compose(order -> requestCancel(order, CANCEL_ATTEMPTS))
      .compose(written -> written.isPresent()
        ? json(ctx, 202, written.get().toApi())
        : Future.failedFuture(ApiException.conflict("the order changed meanwhile; read it and retry")
          .withRetryAfter(1)));
  }

  // the saga writes the same document: a request losing that race decides again on the fresh order
  private Future<Optional<Order>> requestCancel(Order order, int attempts) {
    return orders.apply(order, order.requestCancel(SagaProgress.of(order.saga()).pastPivot())).compose(written ->
      written.isPresent() || attempts == 1
        ? Future.succeededFuture(written)
        : orders.findById(order.id()).compose(fresh -> fresh.isPresent()
          ? requestCancel(fresh.get(), attempts - 1)
          : Future.succeededFuture(Optional.<Order>empty())));
  }

  private Future<Void> streamOrderEvents(RoutingContext ctx) {
    return visibleOrder(ctx).compose(order -> eventStream.stream(ctx, order.id()));
  }

  private Future<Void> getSaga(RoutingContext ctx) {
    return visibleOrder(ctx).compose(order -> json(ctx, 200, new JsonObject().put("orderId", order.id())
      .put("status", order.status().name()).put("saga", order.saga())));
  }

  private Future<Void> getSalesReport(RoutingContext ctx) {
    var range = QueryParams.read(ctx, SalesReport.Range::from);
    return salesReport.run(range).compose(report -> json(ctx, 200, report));
  }

  /** The order, if the caller may see it: its customer or an admin. Others get 404, as if it did not exist. */
  private Future<Order> visibleOrder(RoutingContext ctx) {
    var caller = Principal.of(ctx);
    var id = ctx.pathParam("id");
    return orders.findById(id).map(found -> found
      .filter(order -> caller.hasRole(ADMIN) || order.isOwnedBy(caller.subject()))
      .orElseThrow(() -> ApiException.notFound("no order " + id)));
  }

  private static Future<Void> json(RoutingContext ctx, int status, JsonObject body) {
    return ctx.response().setStatusCode(status)
      .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
      .end(body.encode());
  }
}
