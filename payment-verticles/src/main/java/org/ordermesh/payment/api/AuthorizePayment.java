package org.ordermesh.payment.api;

import io.vertx.core.json.JsonObject;

/** Hold {@code amountMinor} of the order's total on the customer's payment method. */
public record AuthorizePayment(String orderId, String customerId, long amountMinor, String currency,
                               String paymentMethod) implements PaymentCommand {

  public static final String ACTION = "authorize";

  static AuthorizePayment fromJson(JsonObject body) {
    return new AuthorizePayment(
      CommandFields.id(body, "orderId"),
      CommandFields.id(body, "customerId"),
      CommandFields.positiveMinor(body, "amountMinor"),
      CommandFields.currency(body, "currency"),
      CommandFields.id(body, "paymentMethod"));
  }

  @Override
  public String action() {
    return ACTION;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("v", PaymentAddresses.VERSION).put("action", ACTION).put("orderId", orderId)
      .put("customerId", customerId).put("amountMinor", amountMinor).put("currency", currency)
      .put("paymentMethod", paymentMethod);
  }
}
