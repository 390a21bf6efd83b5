package org.ordermesh.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Plain YAML (compose, Prometheus) as maps and lists, anchors and merge keys resolved. */
final class Yaml {

  private Yaml() {}

  static Map<String, Object> read(Path file) {
    try (Reader reader = Files.newBufferedReader(file)) {
      return new org.yaml.snakeyaml.Yaml().load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Map<String, Object> parent, String key) {
    var value = parent.get(key);
    if (!(value instanceof Map)) {
      throw new AssertionError("expected a mapping at " + key + " in " + parent.keySet());
    }
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Map<String, Object> parent, String key) {
    var value = parent.get(key);
    if (!(value instanceof List)) {
      throw new AssertionError("expected a list at " + key + " in " + parent.keySet());
    }
    return (List<Object>) value;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> asMap(Object value) {
    return (Map<String, Object>) value;
  }
}
