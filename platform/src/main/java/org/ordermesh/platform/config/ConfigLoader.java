package org.ordermesh.platform.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads settings through vertx-config, later sources winning: built-in defaults (a classpath JSON
 * resource), then the {@code --conf} file, then the environment.
 */
public final class ConfigLoader {

  private ConfigLoader() {
  }

  public static Future<JsonObject> load(Vertx vertx, String defaultsResource, Optional<Path> confFile) {
    var options = new ConfigRetrieverOptions().setScanPeriod(-1)
      .addStore(new ConfigStoreOptions().setType("json").setConfig(ClasspathJson.read(defaultsResource)));
    confFile.ifPresent(file -> options.addStore(new ConfigStoreOptions()
      .setType("file").setFormat("json").setConfig(new JsonObject().put("path", file.toString()))));
    options.addStore(new ConfigStoreOptions().setType("env")
      .setConfig(new JsonObject().put("raw-data", false)));
    var retriever = ConfigRetriever.create(vertx, options);
    return retriever.getConfig().eventually(() -> {
      retriever.close();
      return Future.succeededFuture();
    });
  }
}
