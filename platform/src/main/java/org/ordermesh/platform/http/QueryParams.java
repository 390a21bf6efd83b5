package org.ordermesh.platform.http;

import io.vertx.ext.web.RoutingContext;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Typed query parameters: each reader returns a value of its type (or the default when absent) and records a
 * field error when the value is wrong, so one 400 lists every bad parameter:
 * {@code QueryParams.read(ctx, q -> new Filter(q.optionalString("category", 64, SLUG), q.optionalDecimal(...)))}.
 */
public final class QueryParams {

  private final RoutingContext ctx;
  private final List<FieldError> errors = new ArrayList<>();

  private QueryParams(RoutingContext ctx) {
    this.ctx = ctx;
  }

  /** Runs the reader, then throws ApiException 400 with every field error it recorded. */
  public static <T> T read(RoutingContext ctx, Function<QueryParams, T> reader) {
    QueryParams params = new QueryParams(ctx);
    T result = reader.apply(params);
    if (!params.errors.isEmpty()) {
      throw ApiException.invalid(params.errors);
    }
    return result;
  }

  public int optionalInt(String name, int min, int max, int defaultValue) {
    String raw = single(name);
    if (raw == null) {
      return defaultValue;
    }
    try {
      int value = Integer.parseInt(raw);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below with the range
    }
    return reject(name, "must be an integer from " + min + " to " + max, defaultValue);
  }

  /** A decimal within [min, max] with at most maxScale decimals, or null when absent. */
  public BigDecimal optionalDecimal(String name, BigDecimal min, BigDecimal max, int maxScale) {
    String raw = single(name);
    if (raw == null) {
      return null;
    }
    String rule = "must be a number from " + min.toPlainString() + " to " + max.toPlainString()
        + " with at most " + maxScale + " decimals";
    try {
      BigDecimal value = new BigDecimal(raw);
      if (value.compareTo(min) >= 0 && value.compareTo(max) <= 0 && value.stripTrailingZeros().scale() <= maxScale) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below with the rule
    }
    return reject(name, rule, null);
  }

  /** A string of at most maxLength characters matching the whole pattern, or null when absent. */
  public String optionalString(String name, int maxLength, Pattern pattern) {
    String raw = single(name);
    if (raw == null) {
      return null;
    }
    if (raw.length() > maxLength) {
      return reject(name, "must be at most " + maxLength + " characters", null);
    }
    if (!pattern.matcher(raw).matches()) {
      return reject(name, "has an invalid format", null);
    }
    return raw;
  }

  /** One of the enum's constants, matched ignoring case, or the default when absent. */
  public <E extends Enum<E>> E optionalEnum(String name, Class<E> type, E defaultValue) {
    String raw = single(name);
    if (raw == null) {
      return defaultValue;
    }
    return Arrays.stream(type.getEnumConstants())
        .filter(constant -> constant.name().equalsIgnoreCase(raw))
        .findFirst()
        .orElseGet(() -> reject(name, "must be one of " + Arrays.toString(type.getEnumConstants()), defaultValue));
  }

  /** An ISO-8601 instant such as {@code 2025-01-31T00:00:00Z}, or null when absent. */
  public Instant optionalInstant(String name) {
    String raw = single(name);
    if (raw == null) {
      return null;
    }
    try {
      return Instant.parse(raw);
    } catch (DateTimeParseException e) {
      return reject(name, "must be an ISO-8601 instant such as 2025-01-31T00:00:00Z", null);
    }
  }

  /** A value of any type: the parser throws IllegalArgumentException, whose message becomes the field error. */
  public <T> T optional(String name, Function<String, T> parser) {
    String raw = single(name);
    if (raw == null) {
      return null;
    }
    try {
      return parser.apply(raw);
    } catch (IllegalArgumentException e) {
      return reject(name, e.getMessage(), null);
    }
  }

  // an empty value counts as absent; a repeated one is an error, as there is no rule for choosing
  private String single(String name) {
    List<String> values = ctx.queryParam(name);
    if (values.size() > 1) {
      return reject(name, "must be given once", null);
    }
    return values.isEmpty() || values.get(0).isEmpty() ? null : values.get(0);
  }

  private <T> T reject(String name, String message, T fallback) {
    errors.add(new FieldError(name, message));
    return fallback;
  }
}
