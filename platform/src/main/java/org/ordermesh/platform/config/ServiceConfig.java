package org.ordermesh.platform.config;

import io.vertx.core.json.JsonObject;

import java.util.Locale;

/**
 * One service's own settings.
 *
 * @param name     the service name, also its discovery name ({@code auth}, {@code catalog}, ...)
 * @param httpPort its HTTP port ({@code ORDERMESH_<NAME>_PORT})
 * @param database its own MongoDB database ({@code ORDERMESH_<NAME>_DATABASE}, default {@code ordermesh_<name>})
 * @param platform what it shares with the node
 */
public record ServiceConfig(String name, int httpPort, String database, PlatformConfig platform) {

  public static ServiceConfig from(JsonObject config, String name, int defaultPort) {
    var settings = new Settings(config);
    var prefix = "ORDERMESH_" + name.toUpperCase(Locale.ROOT) + "_";
    return new ServiceConfig(
      name,
      settings.integer(prefix + "PORT", defaultPort),
      settings.string(prefix + "DATABASE", "ordermesh_" + name),
      PlatformConfig.from(config));
  }
}
