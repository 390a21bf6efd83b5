package org.ordermesh.payment.api;

import io.vertx.core.json.JsonObject;

import static org.ordermesh.payment.api.PaymentFields.AMOUNT_MINOR;
import static org.ordermesh.payment.api.PaymentFields.ORDER_ID;
import static org.ordermesh.payment.api.PaymentFields.REFUND_ID;

/**
 * Give back {@code amountMinor} of the captured amount. Idempotent per (orderId, refundId): {@code refundId}
 * is optional and defaults to {@value #DEFAULT_REFUND_ID}, so a retried refund never pays out twice, and a
 * second, distinct refund of the same order names its own refundId.
 */
public record RefundPayment(String orderId, long amountMinor, String refundId, int attempt) implements PaymentCommand {

  public static final String ACTION = "refund";
  public static final String DEFAULT_REFUND_ID = "refund";

  static RefundPayment fromJson(JsonObject body) {
    return new RefundPayment(
      CommandFields.id(body, ORDER_ID),
      CommandFields.positiveMinor(body, AMOUNT_MINOR),
      body.getValue(REFUND_ID) == null ? DEFAULT_REFUND_ID : CommandFields.id(body, REFUND_ID),
      CommandFields.attempt(body));
  }

  @Override
  public String action() {
    return ACTION;
  }

  @Override
  public JsonObject toJson() {
    return PaymentCommand.header(this).put(AMOUNT_MINOR, amountMinor).put(REFUND_ID, refundId);
  }
}
