package org.ordermesh.catalog.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;

/** Typed reads of message fields; anything off the documented shape is {@link CatalogError#INVALID_MESSAGE}. */
final class MessageFields {

  /** Order and product ids: safe as Mongo values and as keys, and short. */
  static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private MessageFields() {
  }

  static void requireVersion(JsonObject json) {
    if (!(json.getValue(CatalogAddresses.FIELD_VERSION) instanceof Number v) || v.intValue() != CatalogAddresses.VERSION) {
      throw invalid("v must be " + CatalogAddresses.VERSION);
    }
  }

  static String id(Object value, String field) {
    if (!(value instanceof String text) || !ID.matcher(text).matches()) {
      throw invalid(field + " must be 1 to 64 letters, digits, '_' or '-'");
    }
    return text;
  }

  static int intIn(Object value, String field, int min, int max) {
    // integral JSON numbers only: 1.5 units of stock is not a quantity
    if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < min
        || ((Number) value).longValue() > max) {
      throw invalid(field + " must be an integer from " + min + " to " + max);
    }
    return ((Number) value).intValue();
  }

  /** A command's attempt: absent means 1 (a sender from before attempts); anything but an integer from 1 is invalid. */
  static int attempt(JsonObject json) {
    Object value = json.getValue(CatalogAddresses.FIELD_ATTEMPT);
    return value == null ? 1 : intIn(value, CatalogAddresses.FIELD_ATTEMPT, 1, Integer.MAX_VALUE);
  }

  static int attempt(int attempt) {
    return intIn(attempt, CatalogAddresses.FIELD_ATTEMPT, 1, Integer.MAX_VALUE);
  }

  static JsonObject command(String action, String orderId, int attempt) {
    return new JsonObject().put(CatalogAddresses.FIELD_VERSION, CatalogAddresses.VERSION)
        .put(CatalogAddresses.FIELD_ACTION, action)
        .put(CatalogAddresses.FIELD_ORDER_ID, orderId)
        .put(CatalogAddresses.FIELD_ATTEMPT, attempt);
  }

  static JsonArray array(JsonObject json, String field, int min, int max) {
    if (!(json.getValue(field) instanceof JsonArray array) || array.size() < min || array.size() > max) {
      throw invalid(field + " must be an array of " + min + " to " + max + " entries");
    }
    return array;
  }

  static JsonObject object(Object value, String field) {
    if (!(value instanceof JsonObject object)) {
      throw invalid(field + " must be an object");
    }
    return object;
  }

  static CatalogException invalid(String detail) {
    return CatalogError.INVALID_MESSAGE.exception(detail);
  }
}
