package org.ordermesh.payment.api;

import io.vertx.core.json.JsonObject;

/** Take the authorized amount. */
public record CapturePayment(String orderId, int attempt) implements PaymentCommand {

  public static final String ACTION = "capture";

  @Override
  public String action() {
    return ACTION;
  }

  @Override
  public JsonObject toJson() {
    return PaymentCommand.header(this);
  }
}
