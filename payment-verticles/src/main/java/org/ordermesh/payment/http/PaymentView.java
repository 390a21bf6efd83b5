package org.ordermesh.payment.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ordermesh.payment.api.PaymentReply;
import org.ordermesh.payment.payment.Payment;

/** A payment as the API shows it: amounts as numbers in the currency's unit, history oldest first. */
public final class PaymentView {

  private PaymentView() {
  }

  public static JsonObject of(Payment payment) {
    var currency = payment.currency();
    var refunds = new JsonArray();
    payment.refunds().forEach(refund -> refunds.add(new JsonObject().put("id", refund.refundId())
      .put("amount", Money.toAmount(refund.amountMinor(), currency)).put("at", refund.at().toString())));
    var history = new JsonArray();
    payment.history().forEach(entry -> history.add(new JsonObject().put("event", entry.event())
      .put("status", entry.status().name()).put("at", entry.at().toString()).put("detail", entry.detail())));
    return new JsonObject()
      .put("id", payment.paymentId())
      .put("orderId", payment.orderId())
      .put("customerId", payment.customerId())
      .put("status", payment.status().name())
      .put("amount", Money.toAmount(payment.amountMinor(), currency))
      .put("currency", currency)
      .put("paymentMethod", payment.paymentMethod())
      .put("capturedAmount", Money.toAmount(payment.capturedMinor(), currency))
      .put("refundedAmount", Money.toAmount(payment.refundedMinor(), currency))
      .put("refunds", refunds)
      .put("history", history)
      .put("createdAt", payment.createdAt().toString())
      .put("updatedAt", payment.updatedAt().toString());
  }

  /** A refund just made (or replayed): its id, amount, and where the payment stands after it. */
  public static JsonObject refund(Payment payment, String refundId, long amountMinor, PaymentReply reply) {
    var currency = payment.currency();
    return new JsonObject()
      .put("id", refundId)
      .put("paymentId", payment.paymentId())
      .put("orderId", payment.orderId())
      .put("amount", Money.toAmount(amountMinor, currency))
      .put("currency", currency)
      .put("paymentStatus", reply.status().name())
      .put("refundedAmount", Money.toAmount(reply.refundedMinor(), currency));
  }
}
