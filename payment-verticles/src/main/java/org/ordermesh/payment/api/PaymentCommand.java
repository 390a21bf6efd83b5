package org.ordermesh.payment.api;

import io.vertx.core.json.JsonObject;

/** A command sent to {@code payment.payments}; each is idempotent per (orderId, action). */
public sealed interface PaymentCommand permits AuthorizePayment, CapturePayment, VoidPayment, RefundPayment {

  String orderId();

  String action();

  /** The message body, with {@code v} and {@code action}. */
  JsonObject toJson();

  /** Reads a message body; IllegalArgumentException names what is wrong with it. */
  static PaymentCommand fromJson(JsonObject body) {
    if (body == null) {
      throw new IllegalArgumentException("the body must be a JSON object");
    }
    if (!(body.getValue("v") instanceof Number v) || v.doubleValue() != PaymentAddresses.VERSION) {
      throw new IllegalArgumentException("v must be " + PaymentAddresses.VERSION);
    }
    var action = body.getValue("action");
    return switch (action instanceof String name ? name : "") {
      case AuthorizePayment.ACTION -> AuthorizePayment.fromJson(body);
      case CapturePayment.ACTION -> new CapturePayment(CommandFields.id(body, "orderId"));
      case VoidPayment.ACTION -> new VoidPayment(CommandFields.id(body, "orderId"));
      case RefundPayment.ACTION -> RefundPayment.fromJson(body);
      default -> throw new IllegalArgumentException("action must be authorize, capture, void or refund");
    };
  }
}
