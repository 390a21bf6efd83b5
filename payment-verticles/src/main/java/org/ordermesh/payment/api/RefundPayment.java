package org.ordermesh.payment.api;

import io.vertx.core.json.JsonObject;

/**
 * Give back {@code amountMinor} of the captured amount. Idempotent per (orderId, refundId): {@code refundId}
 * is optional and defaults to {@value #DEFAULT_REFUND_ID}, so a retried refund never pays out twice, and a
 * second, distinct refund of the same order names its own refundId.
 */
public record RefundPayment(String orderId, long amountMinor, String refundId) implements PaymentCommand {

  public static final String ACTION = "refund";
  public static final String DEFAULT_REFUND_ID = "refund";

  static RefundPayment fromJson(JsonObject body) {
    return new RefundPayment(
      CommandFields.id(body, "orderId"),
      CommandFields.positiveMinor(body, "amountMinor"),
      body.getValue("refundId") == null ? DEFAULT_REFUND_ID : CommandFields.id(body, "refundId"));
  }

  @Override
  public String action() {
    return ACTION;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("v", PaymentAddresses.VERSION).put("action", ACTION).put("orderId", orderId)
      .put("amountMinor", amountMinor).put("refundId", refundId);
  }
}
