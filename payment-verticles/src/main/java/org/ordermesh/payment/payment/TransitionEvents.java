package org.ordermesh.payment.payment;

import io.vertx.core.json.JsonObject;
import org.ordermesh.payment.api.PaymentEvents;
import org.ordermesh.platform.outbox.OutboxEvent;

import java.util.List;
import java.util.Map;

/**
 * The events a transition publishes, read from the history entry it added (every write adds one). Only
 * provider outcomes are published; the requests in between (CaptureRequested, ...) concern no one else.
 */
final class TransitionEvents {

  private static final Map<String, String> PUBLISHED = Map.of(
    "PaymentAuthorized", PaymentEvents.AUTHORIZED,
    "PaymentDeclined", PaymentEvents.DECLINED,
    "PaymentCaptured", PaymentEvents.CAPTURED,
    "PaymentVoided", PaymentEvents.VOIDED,
    "PaymentRefunded", PaymentEvents.REFUNDED,
    "AuthorizationFailed", PaymentEvents.FAILED);

  private TransitionEvents() {
  }

  static List<OutboxEvent> of(Payment next) {
    var type = PUBLISHED.get(next.history().get(next.history().size() - 1).event());
    return type == null ? List.of() : List.of(OutboxEvent.of(type, next.orderId(), data(type, next)));
  }

  private static JsonObject data(String type, Payment payment) {
    var data = new JsonObject()
      .put("paymentId", payment.paymentId())
      .put("orderId", payment.orderId())
      .put("customerId", payment.customerId())
      .put("amountMinor", payment.amountMinor())
      .put("currency", payment.currency())
      .put("status", payment.status().name());
    return type.equals(PaymentEvents.REFUNDED) ? data.put("refundedMinor", payment.refundedMinor()) : data;
  }
}
