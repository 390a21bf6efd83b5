package org.ordermesh.catalog;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.ordermesh.platform.config.ServiceConfig;
import org.ordermesh.platform.service.ServiceModule;

import java.util.List;

/** The catalog service as the launcher sees it: its name, settings and verticles. */
public final class CatalogService implements ServiceModule {

  public static final String NAME = "catalog";
  public static final int DEFAULT_PORT = 8082;

  public static ServiceConfig config(JsonObject settings) {
    return ServiceConfig.from(settings, NAME, DEFAULT_PORT);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Future<List<String>> deploy(Vertx vertx, JsonObject settings) {
    return vertx.deployVerticle(CatalogHttpVerticle::new, new DeploymentOptions().setConfig(settings))
      .map(List::of);
  }
}
