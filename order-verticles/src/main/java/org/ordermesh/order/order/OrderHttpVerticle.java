package org.ordermesh.order.order;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.ordermesh.catalog.api.CatalogAddresses;
import org.ordermesh.order.OrderConfig;
import org.ordermesh.order.OrderService;
import org.ordermesh.order.api.OrderStatus;
import org.ordermesh.order.feed.OrderEventStream;
import org.ordermesh.order.idempotency.IdempotencyKeys;
import org.ordermesh.order.idempotency.IdempotentPost;
import org.ordermesh.order.report.SalesReport;
import org.ordermesh.payment.api.PaymentAddresses;
import org.ordermesh.order.api.CancelReason;
import org.ordermesh.order.saga.CreateOrderSaga;
import org.ordermesh.order.saga.SagaAdmission;
import org.ordermesh.order.saga.SagaLeases;
import org.ordermesh.order.saga.SagaOrchestratorVerticle;
import org.ordermesh.order.saga.SagaProgress;
import org.ordermesh.order.saga.SagaTable;
import org.ordermesh.platform.health.HealthRoutes;
import org.ordermesh.platform.http.ApiException;
import org.ordermesh.platform.http.ApiRouter;
import org.ordermesh.platform.http.Endpoints;
import org.ordermesh.platform.http.QueryParams;
import org.ordermesh.platform.http.RequestSchemas;
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
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The order service's HTTP API: placing, reading and cancelling orders, their status feed, saga timeline and sales. */
public class OrderHttpVerticle extends VerticleBase {

  private static final String ORDERS = "/api/v1/orders";
  private static final String ADMIN = "admin";
  private static final String SORT_FIELD = "createdAt";
  // a first request that holds its key longer than this has died; a retry may take over
  private static final Duration IN_FLIGHT_LIMIT = Duration.ofSeconds(30);
  private static final int CANCEL_ATTEMPTS = 3;
  private static final Pattern CUSTOMER_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");
  // how soon a client refused at the node's saga bound should come back: sagas end in well under a second
  private static final long ADMISSION_RETRY_AFTER_SECONDS = 1;

  private OrderRepository orders;
  private OrderPlacement placement;
  private OrderConfig config;
  private SagaLeases leases;
  private SagaAdmission admission;
  private SagaTable sagaTable;
  private IdempotentPost idempotentPost;
  private RequestSchemas schemas;
  private CursorCodec cursors;
  private SalesReport salesReport;
  private OrderEventStream eventStream;
  private ServiceHttpServer server;

  @Override
  public Future<?> start() {
    config = OrderConfig.from(config());
    var runtime = NodeRuntime.of(vertx);
    var mongo = MongoClients.shared(vertx, config.service().platform().mongoUri(), config.service().database());
    orders = new OrderRepository(mongo);
    leases = new SagaLeases(mongo);
    admission = SagaAdmission.of(vertx, config.sagasInFlight(), config.admissionHorizon());
    sagaTable = CreateOrderSaga.table(config);
    var keys = new IdempotencyKeys(mongo);
    placement = new OrderPlacement(vertx, config, new ProductCatalog(vertx), orders, leases,
      new OrderAnnouncer(vertx, runtime.meters()));
    idempotentPost = new IdempotentPost(keys, IN_FLIGHT_LIMIT);
    cursors = CursorCodec.fromSecret(config.cursorSecret());
    salesReport = new SalesReport(orders);
    eventStream = new OrderEventStream(vertx, orders, config.streamsPerCustomer(), config.streamsPerNode());

    var router = apiRouter(vertx);
    HealthRoutes.mount(router, vertx, Optional.of(mongo),
      List.of("auth", CatalogAddresses.PRODUCTS, CatalogAddresses.INVENTORY, PaymentAddresses.PAYMENTS));

    return Future.all(orders.ensureIndexes(), leases.ensureIndexes(), keys.ensureIndexes())
      .compose(v -> RequestSchemas.load(vertx, OrderService.NAME))
      .compose(loaded -> {
        schemas = loaded;
        return ServiceHttpServer.start(vertx, config.service(), router, this::apiRouter);
      })
      .onSuccess(started -> server = started);
  }

  /**
   * The API, built on this verticle's context and on each event loop of the node's gateway, which runs the
   * requests for it in-process. What the routers share (the Mongo client, the placement, its peer clients,
   * the request schemas) is safe across event loops; an event stream's consumer and timers belong to the context
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
    router.post(ORDERS + "/:id/saga/retry").handler(authenticated).handler(Authorization.role(ADMIN))
      .handler(Endpoints.handler(this::retrySagaStep));
    router.get("/api/v1/reports/sales").handler(authenticated).handler(Authorization.role(ADMIN))
      .handler(Endpoints.handler(this::getSalesReport));
    return router;
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.stop();
  }

  // the node's saga bound comes first: a refusal there has claimed no Idempotency-Key, so a retry is served
  private Future<Void> placeOrder(RoutingContext ctx) {
    var customer = Principal.of(ctx);
    var body = schemas.validBody(ctx, "placeOrder");
    var permit = admission.tryAdmit().orElseThrow(() -> ApiException.unavailable(ADMISSION_RETRY_AFTER_SECONDS)
      .withType("saga-limit-reached")
      .withDetail("this node is driving as many orders as it can finish in time; retry with the same Idempotency-Key"));
    return idempotentPost.handle(ctx, customer.subject(), body,
      orderId -> placement.prepare(orderId, customer.subject(), body).map(order ->
        new IdempotentPost.Prepared(order.toApi(), () -> placement.place(order, permit).map(Order::toApi))),
      orderId -> orders.findById(orderId).map(Optional::isPresent),
      created -> ORDERS + "/" + created.getString("id"))
      .onComplete(done -> permit.release());
  }

  // extension steps bring reasons of their own, so any reason of the form is a filter (written as stored)
  private static CancelReason reason(String raw) {
    return raw == null ? null : CancelReason.valueOf(raw);
  }

  // customers see their own orders; admins filter by customerId, reason and attention too
  private Future<Void> listOrders(RoutingContext ctx) {
    var caller = Principal.of(ctx);
    record Query(OrderStatus status, CancelReason reason, String customerId, Boolean attention, PageRequest page) {
    }
    var query = QueryParams.read(ctx, q -> new Query(q.optionalEnum("status", OrderStatus.class, null),
      reason(q.optionalString("reason", CancelReason.MAX_LENGTH, CancelReason.FORM)),
      q.optionalString("customerId", 128, CUSTOMER_ID),
      q.optional("attention", OrderHttpVerticle::flag),
      PageRequest.from(q, cursors)));
    if (!caller.hasRole(ADMIN) && (query.reason() != null || query.customerId() != null || query.attention() != null)) {
      throw ApiException.forbidden("filtering by customerId, reason or attention is for admins");
    }
    var filter = new JsonObject();
    if (!caller.hasRole(ADMIN)) {
      filter.put("customerId", caller.subject());
    } else if (query.customerId() != null) {
      filter.put("customerId", query.customerId());
    }
    if (query.status() != null) {
      filter.put("status", query.status().name());
    }
    if (query.reason() != null) {
      filter.put("reason", query.reason().name());
    }
    if (query.attention() != null) {
      filter.put("attention.since", new JsonObject().put("$exists", query.attention()));
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
    return orders.apply(order, order.requestCancel(SagaProgress.of(order.saga()).pastPivot(sagaTable))).compose(written ->
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
      .put("status", order.status().name()).put("traceId", order.traceId()).put("saga", order.saga())));
  }

  /**
   * Runs the flagged step again: the flag stays until the step goes through. 409 when nothing is flagged. The
   * lease first: a retry written without a driver would never run; a lease without a retry is released.
   */
  private Future<Void> retrySagaStep(RoutingContext ctx) {
    return visibleOrder(ctx).compose(order -> {
      var retry = order.requestRetry();
      var until = Instant.now().plus(config.sagaLease());
      return leases.take(order.id(), config.service().platform().nodeId(), until)
        .compose(lease -> orders.apply(order, retry).compose(written -> {
          vertx.eventBus().send(SagaOrchestratorVerticle.DRIVE, new JsonObject().put("orderId", lease.orderId())
            .put("expiresAt", lease.expiresAt().toString()).put("leaseVersion", lease.version()),
            new DeliveryOptions().setLocalOnly(true));
          return written.isPresent() ? json(ctx, 202, written.get().toApi())
            : Future.failedFuture(ApiException.conflict("the order changed meanwhile; read it and retry").withRetryAfter(1));
        }));
    });
  }

  private static Boolean flag(String raw) {
    if (!raw.equals("true") && !raw.equals("false")) {
      throw new IllegalArgumentException("must be true or false");
    }
    return Boolean.valueOf(raw);
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
