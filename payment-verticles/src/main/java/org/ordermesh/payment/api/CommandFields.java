package org.ordermesh.payment.api;

import io.vertx.core.json.JsonObject;

import java.util.Currency;
import java.util.regex.Pattern;

/** Field readers shared by the commands; each names the field it rejects. */
final class CommandFields {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");
  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

  private CommandFields() {
  }

  static String id(JsonObject body, String field) {
    if (!(body.getValue(field) instanceof String value) || !ID.matcher(value).matches()) {
      throw new IllegalArgumentException(field + " must be 1 to 128 letters, digits or ._:@-");
    }
    return value;
  }

  static long positiveMinor(JsonObject body, String field) {
    var value = body.getValue(field);
    if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() <= 0) {
      throw new IllegalArgumentException(field + " must be a positive integer in minor units");
    }
    return ((Number) value).longValue();
  }

  /** The saga's step attempt: absent means 1 (older senders), otherwise an integer >= 1. */
  static int attempt(JsonObject body) {
    var value = body.getValue(PaymentFields.ATTEMPT);
    if (value == null) {
      return 1;
    }
    if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 1
      || ((Number) value).longValue() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(PaymentFields.ATTEMPT + " must be an integer >= 1");
    }
    return ((Number) value).intValue();
  }

  static String currency(JsonObject body, String field) {
    if (body.getValue(field) instanceof String code && CURRENCY.matcher(code).matches()) {
      try {
        return Currency.getInstance(code).getCurrencyCode();
      } catch (IllegalArgumentException e) {
        // reported below
      }
    }
    throw new IllegalArgumentException(field + " must be an ISO 4217 currency code");
  }
}
