package org.ordermesh.payment.api;

import io.vertx.core.json.JsonObject;

/**
 * Release the authorization; nothing is charged. A void for an order with no payment yet succeeds and leaves
 * a tombstone: a later authorize of that order is refused {@link PaymentErrorCode#ALREADY_COMPENSATED}.
 */
public record VoidPayment(String orderId, int attempt) implements PaymentCommand {

  public static final String ACTION = "void";

  @Override
  public String action() {
    return ACTION;
  }

  @Override
  public JsonObject toJson() {
    return PaymentCommand.header(this);
  }
}
