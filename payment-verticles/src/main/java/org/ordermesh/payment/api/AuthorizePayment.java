package org.ordermesh.payment.api;

import io.vertx.core.json.JsonObject;

import static org.ordermesh.payment.api.PaymentFields.AMOUNT_MINOR;
import static org.ordermesh.payment.api.PaymentFields.CURRENCY;
import static org.ordermesh.payment.api.PaymentFields.CUSTOMER_ID;
import static org.ordermesh.payment.api.PaymentFields.ORDER_ID;
import static org.ordermesh.payment.api.PaymentFields.PAYMENT_METHOD;

/** Hold {@code amountMinor} of the order's total on the customer's payment method. */
public record AuthorizePayment(String orderId, String customerId, long amountMinor, String currency,
                               String paymentMethod, int attempt) implements PaymentCommand {

  public static final String ACTION = "authorize";

  static AuthorizePayment fromJson(JsonObject body) {
    return new AuthorizePayment(
      CommandFields.id(body, ORDER_ID),
      CommandFields.id(body, CUSTOMER_ID),
      CommandFields.positiveMinor(body, AMOUNT_MINOR),
      CommandFields.currency(body, CURRENCY),
      CommandFields.id(body, PAYMENT_METHOD),
      CommandFields.attempt(body));
  }

  @Override
  public String action() {
    return ACTION;
  }

  @Override
  public JsonObject toJson() {
    return PaymentCommand.header(this).put(CUSTOMER_ID, customerId).put(AMOUNT_MINOR, amountMinor)
      .put(CURRENCY, currency).put(PAYMENT_METHOD, paymentMethod);
  }
}
