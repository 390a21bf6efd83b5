package org.ordermesh.order.feed;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.ordermesh.order.api.OrderStatus;
import org.ordermesh.order.api.OrderStatusChanged;
import org.ordermesh.order.order.Order;
import org.ordermesh.order.order.OrderRepository;
import org.ordermesh.platform.http.ApiException;
import org.ordermesh.platform.security.Principal;

/**
 * {@code GET /orders/{id}/events}: the order's status changes as server-sent events, each with its status
 * sequence number ({@code seq}, 1 for PENDING, one more per change, kept in the order's status history) as
 * the event id. A client that reconnects with {@code Last-Event-ID}, to this node or any other, after a
 * restart or not, gets exactly the changes after that number: the history in the order document is what
 * is sent, the notices only say when to read it again. The stream ends after a final status (CONFIRMED or
 * CANCELLED). A stream is woken through the node's {@link StreamRegistry} by its order's changes (from the
 * node's change stream, and this node's own changes at once) and skips those of changes it has sent. Streams are
 * limited per customer and per node ({@link StreamLimits}: 429 past them), and one ends with an
 * {@code expired} event when the caller's token expires, so no stream outlives the right to read it.
 */
public final class OrderEventStream {

  private static final long HEARTBEAT_MILLIS = 15_000;
  private static final long RETRY_AFTER_SECONDS = 5;

  private final Vertx vertx;
  private final OrderRepository orders;
  private final StreamLimits limits;
  private final StreamRegistry registry;

  public OrderEventStream(Vertx vertx, OrderRepository orders, int perCustomer, int perNode) {
    this.vertx = vertx;
    this.orders = orders;
    this.limits = StreamLimits.forNode(vertx, perCustomer, perNode);
    this.registry = StreamRegistry.forNode(vertx);
  }

  public Future<Void> stream(RoutingContext ctx, String orderId) {
    var caller = Principal.of(ctx);
    var lastEventId = lastEventId(ctx);
    if (!limits.open(caller.subject())) {
      return Future.failedFuture(ApiException.tooManyRequests(RETRY_AFTER_SECONDS));
    }
    var response = ctx.response().setChunked(true)
      .putHeader("Content-Type", "text/event-stream")
      .putHeader("Cache-Control", "no-cache")
      .putHeader("X-Accel-Buffering", "no");
    var session = new Session(response, orderId, lastEventId, caller.subject());
    // listen first, then read: a change between the two is read twice rather than missed
    session.unwatch = registry.watch(vertx.getOrCreateContext(), orderId, session::wake);
    session.heartbeat = vertx.setPeriodic(HEARTBEAT_MILLIS, t -> response.write(": keep-alive\n\n"));
    session.expiry = vertx.setTimer(Math.max(1, Duration.between(Instant.now(), caller.expiresAt()).toMillis()), t -> {
      if (!session.closed) {
        response.write("event: expired\ndata: {}\n\n");
        session.close();
        response.end();
      }
    });
    response.closeHandler(v -> session.close());
    return session.read().onFailure(error -> session.close());
  }

  // the ids this stream sends are positive integers: anything else did not come from it
  private static long lastEventId(RoutingContext ctx) {
    var header = ctx.request().getHeader("Last-Event-ID");
    if (header == null || header.isBlank()) {
      return 0;
    }
    try {
      var seq = Long.parseLong(header.trim());
      if (seq >= 0) {
        return seq;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiException.invalid("Last-Event-ID", "must be the id of an event this stream sent (a status sequence number)");
  }

  private final class Session {

    private final HttpServerResponse response;
    private final String orderId;
    private final String customer;
    private long lastSent;
    private Runnable unwatch;
    private long heartbeat;
    private long expiry;
    private boolean reading;
    private long wanted;
    private boolean closed;

    Session(HttpServerResponse response, String orderId, long lastSent, String customer) {
      this.response = response;
      this.orderId = orderId;
      this.lastSent = lastSent;
      this.customer = customer;
    }

    /**
     * A change up to {@code seq} happened: nothing to do if that is sent already; the change itself when it is
     * the next one and came whole ({@code change}, made on this node, hence in the store); else a read of the
     * order, unless one is under way.
     */
    void wake(long seq, JsonObject change) {
      if (closed || seq <= lastSent) {
        return;
      }
      if (reading) {
        wanted = Math.max(wanted, seq);
        return;
      }
      if (change != null && seq == lastSent + 1) {
        var next = OrderStatusChanged.fromJson(change);
        send(List.of(next), next.status());
        return;
      }
      read();
    }

    Future<Void> read() {
      if (closed) {
        return Future.succeededFuture();
      }
      reading = true;
      wanted = 0;
      return orders.findById(orderId).<Void>map(found -> {
        found.ifPresent(this::sendNew);
        return null;
      }).andThen(done -> {
        reading = false;
        // woken while reading, by a change the read may have come too early for
        if (wanted > lastSent) {
          read();
        }
      });
    }

    private void sendNew(Order order) {
      send(order.statusChangesAfter(lastSent), order.status());
    }

    private void send(List<OrderStatusChanged> changes, OrderStatus status) {
      if (closed) {
        return;
      }
      for (OrderStatusChanged change : changes) {
        response.write("id: " + change.seq() + "\nevent: status\ndata: " + change.toJson().encode() + "\n\n");
        lastSent = change.seq();
      }
      if (status.isFinal()) {
        close();
        response.end();
      }
    }

    void close() {
      if (!closed) {
        closed = true;
        vertx.cancelTimer(heartbeat);
        vertx.cancelTimer(expiry);
        unwatch.run();
        limits.close(customer);
      }
    }
  }
}
