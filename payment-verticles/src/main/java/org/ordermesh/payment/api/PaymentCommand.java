package org.ordermesh.payment.api;

import io.vertx.core.json.JsonObject;

import static org.ordermesh.payment.api.PaymentFields.ACTION;
import static org.ordermesh.payment.api.PaymentFields.ATTEMPT;
import static org.ordermesh.payment.api.PaymentFields.ORDER_ID;
import static org.ordermesh.payment.api.PaymentFields.VERSION;

/**
 * A command sent to {@code payment.payments}; each is idempotent per (orderId, action): sent again, whatever its
 * {@code attempt}, it gets the same decision and changes nothing more. The reply echoes orderId and attempt.
 */
public sealed interface PaymentCommand permits AuthorizePayment, CapturePayment, VoidPayment, RefundPayment {

  String orderId();

  String action();

  /** The saga's attempt number of this step, >= 1. */
  int attempt();

  /** The message body, with {@code v} and {@code action}. */
  JsonObject toJson();

  /** Reads a message body; IllegalArgumentException names what is wrong with it. */
  static PaymentCommand fromJson(JsonObject body) {
    if (body == null) {
      throw new IllegalArgumentException("the body must be a JSON object");
    }
    if (!(body.getValue(VERSION) instanceof Number v) || v.doubleValue() != PaymentAddresses.VERSION) {
      throw new IllegalArgumentException("v must be " + PaymentAddresses.VERSION);
    }
    var action = body.getValue(ACTION);
    return switch (action instanceof String name ? name : "") {
      case AuthorizePayment.ACTION -> AuthorizePayment.fromJson(body);
      case CapturePayment.ACTION -> new CapturePayment(CommandFields.id(body, ORDER_ID), CommandFields.attempt(body));
      case VoidPayment.ACTION -> new VoidPayment(CommandFields.id(body, ORDER_ID), CommandFields.attempt(body));
      case RefundPayment.ACTION -> RefundPayment.fromJson(body);
      default -> throw new IllegalArgumentException("action must be authorize, capture, void or refund");
    };
  }

  /** What every command's body starts with: version, action, orderId and attempt. */
  static JsonObject header(PaymentCommand command) {
    return new JsonObject().put(VERSION, PaymentAddresses.VERSION).put(ACTION, command.action())
      .put(ORDER_ID, command.orderId()).put(ATTEMPT, command.attempt());
  }
}
