package org.ordermesh.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** A node's effective settings: the node's own defaults with a deployment's values laid over them. */
record NodeSettings(Map<String, String> values) {

  static final Path DEFAULTS_FILE = Path.of("../cluster-config/src/main/resources/node-defaults.json");

  /** The services, each run by its own node in containers. */
  static final List<String> SERVICES = List.of("auth", "catalog", "payment", "order");

  /** Every node a deployment runs: one per service, and the gateway. */
  static final List<String> NODES = List.of("auth", "catalog", "payment", "order", "gateway");

  /** Settings the node reads that have no default, so node-defaults.json cannot list them. */
  static final Set<String> SECRET_SETTINGS =
      Set.of("ORDERMESH_SIGNING_KEY_PASSPHRASE", "ORDERMESH_AUTH_CLIENT_SECRETS");

  private static final NodeSettings DEFAULTS = load();

  static NodeSettings defaults() {
    return DEFAULTS;
  }

  static boolean isSetting(String key) {
    return DEFAULTS.values.containsKey(key) || SECRET_SETTINGS.contains(key);
  }

  NodeSettings with(Map<String, ?> overrides) {
    var merged = new HashMap<>(values);
    overrides.forEach((key, value) -> merged.put(key, String.valueOf(value)));
    return new NodeSettings(merged);
  }

  /** The HTTP port of a service or of the gateway, e.g. ORDERMESH_AUTH_PORT for "auth". */
  int portOf(String node) {
    return integer("ORDERMESH_" + node.toUpperCase(Locale.ROOT) + "_PORT");
  }

  int integer(String key) {
    return Integer.parseInt(get(key));
  }

  boolean flag(String key) {
    return Boolean.parseBoolean(get(key));
  }

  String get(String key) {
    var value = values.get(key);
    if (value == null) {
      throw new AssertionError(key + " is neither set nor in " + DEFAULTS_FILE);
    }
    return value;
  }

  private static NodeSettings load() {
    try {
      Map<String, Object> json = new ObjectMapper().readValue(DEFAULTS_FILE.toFile(), new TypeReference<>() {});
      return new NodeSettings(Map.of()).with(json);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the node's defaults at " + DEFAULTS_FILE.toAbsolutePath(), e);
    }
  }
}
