package org.ordermesh.platform.config;

import io.vertx.core.json.JsonObject;

/**
 * Typed reads of the flat settings map (environment names as keys). Environment values arrive as
 * strings, defaults as JSON numbers and booleans, so every read accepts both.
 */
public record Settings(JsonObject values) {

  public String string(String key, String fallback) {
    var value = values.getValue(key);
    if (value == null) {
      return fallback;
    }
    var text = value.toString().trim();
    return text.isEmpty() ? fallback : text;
  }

  public int integer(String key, int fallback) {
    var text = string(key, null);
    if (text == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("setting " + key + " must be an integer, got '" + text + "'");
    }
  }

  public boolean bool(String key, boolean fallback) {
    var text = string(key, null);
    return text == null ? fallback : Boolean.parseBoolean(text);
  }

  public java.util.List<String> list(String key) {
    var text = string(key, "");
    return java.util.Arrays.stream(text.split(","))
      .map(String::trim)
      .filter(s -> !s.isEmpty())
      .toList();
  }
}
