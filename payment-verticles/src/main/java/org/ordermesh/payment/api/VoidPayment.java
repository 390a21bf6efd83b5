package org.ordermesh.payment.api;

import io.vertx.core.json.JsonObject;

/** Release the authorization; nothing is charged. */
public record VoidPayment(String orderId) implements PaymentCommand {

  public static final String ACTION = "void";

  @Override
  public String action() {
    return ACTION;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("v", PaymentAddresses.VERSION).put("action", ACTION).put("orderId", orderId);
  }
}
