package org.ordermesh.order.order;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import org.ordermesh.order.OrderService;
import org.ordermesh.order.api.OrderAddresses;
import org.ordermesh.order.api.OrderStatusChanged;
import org.ordermesh.order.saga.SagaMetrics;
import org.ordermesh.platform.outbox.Outbox;

/** Tells the world about a written order change: the status on the event bus, the outbox relay, the metrics. */
public final class OrderAnnouncer {

  private final Vertx vertx;
  private final MeterRegistry meters;

  public OrderAnnouncer(Vertx vertx, MeterRegistry meters) {
    this.vertx = vertx;
    this.meters = meters;
  }

  /** {@code written} is the order as {@code update} left it, its outbox included. */
  public void written(Order written, OrderUpdate update) {
    update.statusChange().ifPresent(this::statusChanged);
    if (update.hasEvents()) {
      nudgeRelay(written);
    }
  }

  /** A new order: PENDING, with its first event in its outbox. */
  public void placed(Order order) {
    order.statusChangesAfter(0).forEach(this::statusChanged);
    nudgeRelay(order);
  }

  private void nudgeRelay(Order order) {
    Outbox.nudge(vertx, OrderService.NAME, OrderRepository.COLLECTION, order.id(),
      order.document().getJsonArray(Outbox.FIELD));
  }

  private void statusChanged(OrderStatusChanged change) {
    vertx.eventBus().publish(OrderAddresses.ORDER_STATUS, change.toJson());
    SagaMetrics.statusEntered(meters, change.status());
  }
}
