package org.ordermesh.order.feed;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.ordermesh.order.api.OrderStatusChanged;
import org.ordermesh.order.order.Order;
import org.ordermesh.order.order.OrderRepository;

/**
 * {@code GET /orders/{id}/events}: the order's status changes as server-sent events, each with its
 * sequence number as the event id. A client that reconnects with {@code Last-Event-ID} gets only what it
 * missed. The stream ends after a final status (CONFIRMED or CANCELLED). Each change notice (and each
 * heartbeat, in case a notice was lost with a node) re-reads the order: its history is the truth.
 */
public final class OrderEventStream {

  private static final long HEARTBEAT_MILLIS = 15_000;

  private final Vertx vertx;
  private final OrderRepository orders;

  public OrderEventStream(Vertx vertx, OrderRepository orders) {
    this.vertx = vertx;
    this.orders = orders;
  }

  public Future<Void> stream(RoutingContext ctx, String orderId) {
    var response = ctx.response().setChunked(true)
      .putHeader("Content-Type", "text/event-stream")
      .putHeader("Cache-Control", "no-cache")
      .putHeader("X-Accel-Buffering", "no");
    var session = new Session(response, orderId, lastEventId(ctx));
    // listen first, then read: a change between the two is seen twice rather than missed
    session.consumer = vertx.eventBus().<JsonObject>localConsumer(OrderStatusFeedVerticle.CHANGED, message -> {
      if (orderId.equals(message.body().getString("orderId"))) {
        session.refresh();
      }
    });
    session.heartbeat = vertx.setPeriodic(HEARTBEAT_MILLIS, t -> {
      response.write(": keep-alive\n\n");
      session.refresh();
    });
    response.closeHandler(v -> session.close());
    return session.consumer.completion().compose(v -> session.refresh());
  }

  private static long lastEventId(RoutingContext ctx) {
    var header = ctx.request().getHeader("Last-Event-ID");
    try {
      return header == null ? 0 : Math.max(0, Long.parseLong(header.trim()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private final class Session {

    private final HttpServerResponse response;
    private final String orderId;
    private long lastSent;
    private MessageConsumer<JsonObject> consumer;
    private long heartbeat;
    private boolean closed;

    Session(HttpServerResponse response, String orderId, long lastSent) {
      this.response = response;
      this.orderId = orderId;
      this.lastSent = lastSent;
    }

    Future<Void> refresh() {
      if (closed) {
        return Future.succeededFuture();
      }
      return orders.findById(orderId).map(found -> {
        found.ifPresent(this::sendNew);
        return null;
      });
    }

    private void sendNew(Order order) {
      if (closed) {
        return;
      }
      for (OrderStatusChanged change : order.statusChangesAfter(lastSent)) {
        response.write("id: " + change.seq() + "\nevent: status\ndata: " + change.toJson().encode() + "\n\n");
        lastSent = change.seq();
      }
      if (order.status().isFinal()) {
        close();
        response.end();
      }
    }

    void close() {
      if (!closed) {
        closed = true;
        vertx.cancelTimer(heartbeat);
        consumer.unregister();
      }
    }
  }
}
