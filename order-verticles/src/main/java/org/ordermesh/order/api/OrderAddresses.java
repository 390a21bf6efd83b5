package org.ordermesh.order.api;

/** The event bus addresses and Kafka topic the order service offers to other services and extensions. */
public final class OrderAddresses {

  /** Published (not request/reply) on every status change: {@link OrderStatusChanged} messages. */
  public static final String ORDER_STATUS = "order.status";

  /** The order service's domain events, keyed by order id. */
  public static final String EVENTS_TOPIC = "order.events.v1";

  private OrderAddresses() {
  }
}
