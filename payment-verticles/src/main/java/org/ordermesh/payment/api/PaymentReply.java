package org.ordermesh.payment.api;

import io.vertx.core.json.JsonObject;

/**
 * The answer to every command: the payment's status after it ({@code AUTHORIZED} or {@code DECLINED} for
 * authorize, {@code CAPTURED}, {@code VOIDED}, {@code REFUNDED} or {@code PARTIALLY_REFUNDED}); refunds also
 * say how much of the capture has been refunded in all.
 */
public record PaymentReply(String orderId, String paymentId, PaymentStatus status, Long refundedMinor) {

  public JsonObject toJson() {
    var json = new JsonObject().put("v", PaymentAddresses.VERSION).put("orderId", orderId)
      .put("paymentId", paymentId).put("status", status.name());
    return refundedMinor == null ? json : json.put("refundedMinor", refundedMinor);
  }

  public static PaymentReply fromJson(JsonObject json) {
    return new PaymentReply(json.getString("orderId"), json.getString("paymentId"),
      PaymentStatus.valueOf(json.getString("status")), json.getLong("refundedMinor"));
  }
}
