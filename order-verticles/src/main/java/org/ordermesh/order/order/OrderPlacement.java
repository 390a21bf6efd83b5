package org.ordermesh.order.order;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import org.ordermesh.catalog.api.ProductSnapshot;
import org.ordermesh.order.OrderConfig;
import org.ordermesh.order.saga.CreateOrderSaga;
import org.ordermesh.order.saga.SagaAdmission;
import org.ordermesh.order.saga.SagaLeases;
import org.ordermesh.order.saga.SagaOrchestratorVerticle;
import org.ordermesh.order.saga.SagaProgress;
import org.ordermesh.platform.http.ApiException;
import org.ordermesh.platform.http.FieldError;
import org.ordermesh.platform.mongo.MongoErrors;
import org.ordermesh.platform.trace.TraceContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * Places an order: prices and names from the catalog's snapshots, totals computed here, the order and
 * its saga's lease written, and the saga started on this node.
 */
public final class OrderPlacement {

  private final Vertx vertx;
  private final OrderConfig config;
  private final ProductCatalog catalog;
  private final OrderRepository orders;
  private final SagaLeases leases;
  private final OrderAnnouncer announcer;
  private final String firstStep;

  public OrderPlacement(Vertx vertx, OrderConfig config, ProductCatalog catalog, OrderRepository orders,
                        SagaLeases leases, OrderAnnouncer announcer) {
    this.vertx = vertx;
    this.config = config;
    this.catalog = catalog;
    this.orders = orders;
    this.leases = leases;
    this.announcer = announcer;
    this.firstStep = CreateOrderSaga.table(config).first().name();
  }

  /**
   * The order {@code body} asks for, priced from the catalog, not yet written. {@code body} is schema-valid;
   * {@code orderId} is the idempotency key's order id.
   */
  public Future<Order> prepare(String orderId, String customerId, JsonObject body) {
    var items = body.getJsonArray("items").stream().map(JsonObject.class::cast).toList();
    requireDistinctProducts(items);
    return catalog.snapshots(items.stream().map(item -> item.getString("productId")).toList())
      .map(snapshots -> lines(items, snapshots))
      .map(priced -> {
        var now = Instant.now();
        var lines = priced.stream().map(PricedLine::line).toList();
        return Order.place(orderId, customerId, lines, priced.get(0).currency(), body.getString("paymentMethod"),
          body.getJsonObject("shippingAddress"), now, SagaProgress.start(firstStep, now.plus(config.sagaDeadline())));
      });
  }

  /**
   * Writes a prepared order and starts its saga, handing it {@code permit}; answers the order as stored (an
   * earlier attempt's, if any).
   */
  public Future<Order> place(Order order, SagaAdmission.Permit permit) {
    // the lease first: an order without one would never be driven, a lease without an order is dropped
    var leaseUntil = Instant.now().plus(config.sagaLease());
    return leases.create(order.id(), config.service().platform().nodeId(), leaseUntil)
      // a retry taking over a dead request finds the lease already there; any other failure stops here
      .recover(error -> MongoErrors.isDuplicateKey(error) ? Future.succeededFuture() : Future.failedFuture(error))
      .compose(v -> orders.insert(order))
      .compose(inserted -> inserted ? announcePlaced(order, leaseUntil, permit) : orders.findById(order.id())
        .map(existing -> existing.orElse(order)));
  }

  private Future<Order> announcePlaced(Order order, Instant leaseUntil, SagaAdmission.Permit permit) {
    announcer.placed(order);
    permit.handOver();
    vertx.eventBus().send(SagaOrchestratorVerticle.DRIVE,
      new JsonObject().put("orderId", order.id()).put("expiresAt", leaseUntil.toString()).put("order", order.document())
        .put("admitted", true),
      TraceContext.withTrace(new DeliveryOptions().setLocalOnly(true)));
    return Future.succeededFuture(order);
  }

  private static void requireDistinctProducts(List<JsonObject> items) {
    var seen = new HashSet<String>();
    var errors = new ArrayList<FieldError>();
    for (var i = 0; i < items.size(); i++) {
      if (!seen.add(items.get(i).getString("productId"))) {
        errors.add(new FieldError("items." + i + ".productId", "is listed more than once"));
      }
    }
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
  }

  private static List<PricedLine> lines(List<JsonObject> items, java.util.Map<String, ProductSnapshot> snapshots) {
    var errors = new ArrayList<FieldError>();
    var lines = new ArrayList<PricedLine>();
    for (var i = 0; i < items.size(); i++) {
      var item = items.get(i);
      var snapshot = snapshots.get(item.getString("productId"));
      if (snapshot == null || !snapshot.available()) {
        errors.add(new FieldError("items." + i + ".productId", "is not a product on sale"));
        continue;
      }
      lines.add(new PricedLine(new OrderLine(snapshot.id(), snapshot.name(), snapshot.priceMinor(),
        item.getInteger("quantity")), snapshot.currency()));
    }
    if (errors.isEmpty() && lines.stream().map(PricedLine::currency).distinct().count() > 1) {
      errors.add(new FieldError("items", "products priced in different currencies cannot share an order"));
    }
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
    return lines;
  }

  /** A line and the currency its price is in. */
  record PricedLine(OrderLine line, String currency) {
  }
}
