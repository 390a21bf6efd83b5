package org.ordermesh.order.feed;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import org.ordermesh.order.api.OrderAddresses;

/**
 * Hands every order status change, whichever node made it, to this node's event-stream clients
 * ({@link #changed}, local only), so a client's stream may be served by any node. It listens to the
 * cluster-wide {@code order.status} publications rather than a Mongo change stream: the embedded store's
 * change streams poll in a busy loop and do not name updated documents (measured, see docs/events.md).
 */
public class OrderStatusFeedVerticle extends VerticleBase {

  /**
   * Local to a node: an {@code order.status} message, on the address of its order, so that a change wakes
   * only that order's streams rather than every stream the node holds.
   */
  public static String changed(String orderId) {
    return "order.feed.changed." + orderId;
  }

  @Override
  public Future<?> start() {
    var local = new DeliveryOptions().setLocalOnly(true);
    return vertx.eventBus().<JsonObject>consumer(OrderAddresses.ORDER_STATUS,
      message -> vertx.eventBus().publish(changed(message.body().getString("orderId")), message.body(), local)).completion();
  }
}
