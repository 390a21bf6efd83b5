package org.ordermesh.order.api;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * An order's status changed. Published on {@link OrderAddresses#ORDER_STATUS} and sent to
 * {@code GET /orders/{id}/events} listeners; {@code seq} numbers an order's changes from 1.
 */
public record OrderStatusChanged(String orderId, String customerId, OrderStatus status, CancelReason reason,
                                 long seq, Instant at) {

  public static final int VERSION = 1;

  public JsonObject toJson() {
    var json = new JsonObject().put("v", VERSION).put("orderId", orderId).put("customerId", customerId)
      .put("status", status.name()).put("seq", seq).put("at", at.toString());
    if (reason != null) {
      json.put("reason", reason.name());
    }
    return json;
  }

  public static OrderStatusChanged fromJson(JsonObject json) {
    var reason = json.getString("reason");
    return new OrderStatusChanged(json.getString("orderId"), json.getString("customerId"),
      OrderStatus.valueOf(json.getString("status")), reason == null ? null : CancelReason.valueOf(reason),
      json.getLong("seq"), Instant.parse(json.getString("at")));
  }
}
