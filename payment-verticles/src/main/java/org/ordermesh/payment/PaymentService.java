package org.ordermesh.payment;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.ordermesh.platform.config.ServiceConfig;
import org.ordermesh.platform.service.ServiceModule;

import java.util.List;

/** The payment service as the launcher sees it: its name, settings and verticles. */
public final class PaymentService implements ServiceModule {

  public static final String NAME = "payment";
  public static final int DEFAULT_PORT = 8084;

  public static ServiceConfig config(JsonObject settings) {
    return ServiceConfig.from(settings, NAME, DEFAULT_PORT);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Future<List<String>> deploy(Vertx vertx, JsonObject settings) {
    return vertx.deployVerticle(PaymentHttpVerticle::new, new DeploymentOptions().setConfig(settings))
      .map(List::of);
  }
}
