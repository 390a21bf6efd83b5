package org.ordermesh.payment.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.ordermesh.platform.http.ApiException;
import org.ordermesh.platform.http.Bodies;

import java.math.BigDecimal;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code POST /payments/{id}/refunds} {amount, reason?}: the amount as a positive JSON number in the
 * payment's currency. An {@code Idempotency-Key} header names the refund, so a retried POST refunds once.
 */
public record RefundRequest(BigDecimal amount, String refundId) {

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  public static RefundRequest from(RoutingContext ctx) {
    JsonObject body = Bodies.requireJsonObject(ctx);
    var key = ctx.request().getHeader("Idempotency-Key");
    if (key != null && !KEY.matcher(key).matches()) {
      throw ApiException.invalid("Idempotency-Key", "must be 1 to 64 letters, digits or ._:-");
    }
    if (!(body.getValue("amount") instanceof Number number)) {
      throw ApiException.invalid("amount", "must be a number");
    }
    var amount = new BigDecimal(number.toString());
    if (amount.signum() <= 0) {
      throw ApiException.invalid("amount", "must be greater than 0");
    }
    return new RefundRequest(amount, key == null ? "re_" + UUID.randomUUID() : key);
  }

  /** The amount in the payment's currency's minor units; 400 when it has more decimals than the currency. */
  public long amountMinor(String currency) {
    try {
      return Money.toMinor(amount, currency);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("amount", e.getMessage());
    }
  }
}
