package org.ordermesh.order.feed;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import org.ordermesh.order.api.OrderStatusChanged;
import org.ordermesh.order.order.Order;
import org.ordermesh.order.order.OrderRepository;
import org.ordermesh.platform.http.ApiException;
import org.ordermesh.platform.security.Principal;

/**
 * {@code GET /orders/{id}/events}: the order's status changes as server-sent events, each with its
 * sequence number as the event id. A client that reconnects with {@code Last-Event-ID} gets only what it
 * missed. The stream ends after a final status (CONFIRMED or CANCELLED). Each change notice (and each
 * heartbeat, in case a notice was lost with a node) re-reads the order: its history is the truth. Streams
 * are limited per customer and per node ({@link StreamLimits}: 429 past them), and one ends with an
 * {@code expired} event when the caller's token expires, so no stream outlives the right to read it.
 */
public final class OrderEventStream {

  private static final long HEARTBEAT_MILLIS = 15_000;
  private static final long RETRY_AFTER_SECONDS = 5;

  private final Vertx vertx;
  private final OrderRepository orders;
  private final StreamLimits limits;

  public OrderEventStream(Vertx vertx, OrderRepository orders, int perCustomer, int perNode) {
    this.vertx = vertx;
    this.orders = orders;
    this.limits = StreamLimits.forNode(vertx, perCustomer, perNode);
  }

  public Future<Void> stream(RoutingContext ctx, String orderId) {
    var caller = Principal.of(ctx);
    if (!limits.open(caller.subject())) {
      return Future.failedFuture(ApiException.tooManyRequests(RETRY_AFTER_SECONDS));
    }
    var response = ctx.response().setChunked(true)
      .putHeader("Content-Type", "text/event-stream")
      .putHeader("Cache-Control", "no-cache")
      .putHeader("X-Accel-Buffering", "no");
    var session = new Session(response, orderId, lastEventId(ctx), caller.subject());
    // listen first, then read: a change between the two is seen twice rather than missed
    session.consumer = vertx.eventBus().<JsonObject>localConsumer(OrderStatusFeedVerticle.changed(orderId),
      message -> session.refresh());
    session.heartbeat = vertx.setPeriodic(HEARTBEAT_MILLIS, t -> {
      response.write(": keep-alive\n\n");
      session.refresh();
    });
    session.expiry = vertx.setTimer(Math.max(1, Duration.between(Instant.now(), caller.expiresAt()).toMillis()), t -> {
      if (!session.closed) {
        response.write("event: expired\ndata: {}\n\n");
        session.close();
        response.end();
      }
    });
    response.closeHandler(v -> session.close());
    return session.consumer.completion().compose(v -> session.refresh()).onFailure(error -> session.close());
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
    private final String customer;
    private long heartbeat;
    private long expiry;
    private boolean closed;

    Session(HttpServerResponse response, String orderId, long lastSent, String customer) {
      this.response = response;
      this.orderId = orderId;
      this.lastSent = lastSent;
      this.customer = customer;
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
        vertx.cancelTimer(expiry);
        consumer.unregister();
        limits.close(customer);
      }
    }
  }
}
