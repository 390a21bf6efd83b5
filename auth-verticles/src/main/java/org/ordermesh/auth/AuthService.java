package org.ordermesh.auth;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.ordermesh.auth.api.AuthEvents;
import org.ordermesh.auth.user.UserRepository;
import org.ordermesh.platform.config.ServiceConfig;
import org.ordermesh.platform.outbox.OutboxRelaySettings;
import org.ordermesh.platform.outbox.OutboxRelayVerticle;
import org.ordermesh.platform.outbox.OutboxSource;
import org.ordermesh.platform.service.Deployments;
import org.ordermesh.platform.service.ServiceModule;

import java.util.List;

/** The auth service as the launcher sees it: its name, settings and verticles. */
public final class AuthService implements ServiceModule {

  public static final String NAME = "auth";
  public static final int DEFAULT_PORT = 8081;

  public static ServiceConfig config(JsonObject settings) {
    return ServiceConfig.from(settings, NAME, DEFAULT_PORT);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Future<List<String>> deploy(Vertx vertx, JsonObject settings) {
    var relay = OutboxRelaySettings.of(NAME, config(settings).database(),
        List.of(new OutboxSource(UserRepository.COLLECTION, AuthEvents.TOPIC, AuthEvents.SOURCE)));
    return Deployments.inOrder(vertx, new DeploymentOptions().setConfig(settings),
        List.of(AuthHttpVerticle::new, () -> new OutboxRelayVerticle(relay)));
  }
}
