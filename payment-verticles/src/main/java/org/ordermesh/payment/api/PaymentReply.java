package org.ordermesh.payment.api;

import io.vertx.core.json.JsonObject;

import static org.ordermesh.payment.api.PaymentFields.ATTEMPT;
import static org.ordermesh.payment.api.PaymentFields.ORDER_ID;
import static org.ordermesh.payment.api.PaymentFields.PAYMENT_ID;
import static org.ordermesh.payment.api.PaymentFields.REFUNDED_MINOR;
import static org.ordermesh.payment.api.PaymentFields.STATUS;
import static org.ordermesh.payment.api.PaymentFields.VERSION;

/**
 * The answer to every command: the payment's status after it ({@code AUTHORIZED} or {@code DECLINED} for
 * authorize, {@code CAPTURED}, {@code VOIDED}, {@code REFUNDED} or {@code PARTIALLY_REFUNDED}); refunds also
 * say how much of the capture has been refunded in all. {@code orderId} and {@code attempt} are the command's.
 * A void that left a tombstone (no payment yet) answers {@code VOIDED} with no paymentId.
 */
public record PaymentReply(String orderId, String paymentId, PaymentStatus status, Long refundedMinor, int attempt) {

  public JsonObject toJson() {
    var json = new JsonObject().put(VERSION, PaymentAddresses.VERSION).put(ORDER_ID, orderId)
      .put(PAYMENT_ID, paymentId).put(STATUS, status.name()).put(ATTEMPT, attempt);
    return refundedMinor == null ? json : json.put(REFUNDED_MINOR, refundedMinor);
  }

  public static PaymentReply fromJson(JsonObject json) {
    return new PaymentReply(json.getString(ORDER_ID), json.getString(PAYMENT_ID),
      PaymentStatus.valueOf(json.getString(STATUS)), json.getLong(REFUNDED_MINOR), json.getInteger(ATTEMPT, 1));
  }
}
