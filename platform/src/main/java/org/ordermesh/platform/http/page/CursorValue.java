package org.ordermesh.platform.http.page;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The only values a cursor may carry, each named by its type: a string, a number, a Mongo date
 * {@code {"$date": "<ISO instant>"}}, or as the last id also an ObjectId {@code {"$oid": "<24 hex>"}}.
 * Anything else (an object with an operator, an array, a boolean, null) is refused before it can reach a filter.
 */
final class CursorValue {

  static final String STRING = "string";
  static final String NUMBER = "number";
  static final String DATE = "date";
  static final String ID = "id";

  private static final Pattern OBJECT_ID = Pattern.compile("[0-9a-f]{24}");

  private CursorValue() {
  }

  /** The type of a sort value a page ended at; IllegalArgumentException when no cursor can carry it. */
  static String typeOf(Object value) {
    if (value instanceof String) {
      return STRING;
    }
    if (value instanceof Number) {
      return NUMBER;
    }
    if (isDate(value)) {
      return DATE;
    }
    if (isObjectId(value)) {
      return ID;
    }
    throw new IllegalArgumentException("a cursor cannot carry " + (value == null ? "null" : value.getClass().getSimpleName()));
  }

  /** The value when it is of the named type, else IllegalArgumentException. */
  static Object checked(String type, Object value) {
    boolean fits = switch (type == null ? "" : type) {
      case STRING -> value instanceof String;
      case NUMBER -> value instanceof Number;
      case DATE -> isDate(value);
      case ID -> isObjectId(value);
      default -> false;
    };
    if (!fits) {
      throw new IllegalArgumentException(CursorCodec.INVALID);
    }
    return value;
  }

  /** A last {@code _id}: a string, a number or an ObjectId. */
  static Object checkedId(Object id) {
    if (id instanceof String || id instanceof Number || isObjectId(id)) {
      return id;
    }
    throw new IllegalArgumentException(CursorCodec.INVALID);
  }

  private static boolean isDate(Object value) {
    if (!(value instanceof JsonObject date) || date.size() != 1 || !(date.getValue("$date") instanceof String iso)) {
      return false;
    }
    try {
      Instant.parse(iso);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static boolean isObjectId(Object value) {
    return value instanceof JsonObject id && id.size() == 1 && id.getValue("$oid") instanceof String hex
        && OBJECT_ID.matcher(hex).matches();
  }
}
