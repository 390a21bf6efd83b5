package org.ordermesh.order.saga;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An extension step of the order saga, declared in {@code ORDERMESH_SAGA_EXTENSIONS} (docs/extending.md):
 * a participant answering {@code address} with the step messages, called before the built-in step
 * {@code before}.
 *
 * @param name         the step's name in the timeline, the stored progress, its breaker and metrics
 * @param address      the event bus address it answers ({@code saga.step.<name>} for a bridged program)
 * @param before       the built-in step it runs before (one before the pivot)
 * @param timeout      one call's time limit
 * @param compensation the action sent to the same address when a later step fails; null: nothing to undo
 * @param attempts     attempts of an unavailable step before the order is cancelled with TIMEOUT
 */
public record SagaExtension(String name, String address, String before, Duration timeout, String compensation,
                            int attempts) {

  public static final String SETTING = "ORDERMESH_SAGA_EXTENSIONS";
  public static final int DEFAULT_ATTEMPTS = 3;

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,39}");
  private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9._-]{1,128}");
  private static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9-]{0,39}");
  private static final Set<String> FIELDS = Set.of("name", "address", "before", "timeoutMs", "compensation", "attempts");

  /** The declared steps; {@code value} is the setting as the environment (a string) or a --conf file (an array) gives it. */
  public static List<SagaExtension> parse(Object value) {
    if (value == null || value instanceof String text && text.isBlank()) {
      return List.of();
    }
    JsonArray array;
    try {
      array = value instanceof JsonArray given ? given : new JsonArray(value.toString());
    } catch (DecodeException e) {
      throw invalid("is not a JSON array: " + e.getMessage());
    }
    var steps = new ArrayList<SagaExtension>();
    var names = new HashSet<String>();
    for (var i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof JsonObject step)) {
        throw invalid("entry " + i + " is not an object");
      }
      var extension = of(step, i);
      if (!names.add(extension.name())) {
        throw invalid("names the step '" + extension.name() + "' twice");
      }
      steps.add(extension);
    }
    return List.copyOf(steps);
  }

  private static SagaExtension of(JsonObject step, int index) {
    var unknown = step.fieldNames().stream().filter(field -> !FIELDS.contains(field)).sorted().toList();
    if (!unknown.isEmpty()) {
      throw invalid("entry " + index + " has unknown fields " + unknown + "; known: name, address, before, timeoutMs, "
        + "compensation, attempts");
    }
    var name = text(step, "name", NAME, true, index);
    var address = text(step, "address", ADDRESS, true, index);
    var before = text(step, "before", NAME, true, index);
    var compensation = text(step, "compensation", ACTION, false, index);
    if ("check".equals(compensation)) {
      throw invalid("step '" + name + "': compensation cannot be 'check', the forward action");
    }
    var timeoutMs = number(step, "timeoutMs", 2_000, 1, 600_000, name);
    var attempts = number(step, "attempts", DEFAULT_ATTEMPTS, 1, 100, name);
    return new SagaExtension(name, address, before, Duration.ofMillis(timeoutMs), compensation, attempts);
  }

  private static String text(JsonObject step, String field, Pattern form, boolean required, int index) {
    var value = step.getValue(field);
    if (value == null) {
      if (required) {
        throw invalid("entry " + index + " has no '" + field + "'");
      }
      return null;
    }
    if (!(value instanceof String text) || !form.matcher(text).matches()) {
      throw invalid("entry " + index + ": '" + field + "' must match " + form.pattern() + ", got " + value);
    }
    return text;
  }

  private static int number(JsonObject step, String field, int fallback, int min, int max, String name) {
    var value = step.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < min
      || ((Number) value).longValue() > max) {
      throw invalid("step '" + name + "': '" + field + "' must be a whole number from " + min + " to " + max
        + ", got " + value);
    }
    return ((Number) value).intValue();
  }

  static IllegalArgumentException invalid(String why) {
    return new IllegalArgumentException(SETTING + " " + why);
  }
}
