package org.ordermesh.auth;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.ordermesh.platform.config.ServiceConfig;
import org.ordermesh.platform.http.ApiRouter;
import org.ordermesh.platform.security.Authentication;
import org.ordermesh.platform.security.Authorization;
import org.ordermesh.platform.security.Principal;
import org.ordermesh.platform.service.ServiceHttpServer;

/** Another service, as catalog or order would be: it verifies tokens only through the platform's handlers. */
final class ProbeServiceVerticle extends VerticleBase {

  static final String NAME = "probe";

  private ServiceHttpServer server;

  @Override
  public Future<?> start() {
    Router router = ApiRouter.create(vertx, NAME);
    router.get("/api/v1/probe/admin").handler(Authentication.required(vertx, config()))
        .handler(Authorization.role("admin")).handler(ctx -> ctx.json(describe(Principal.of(ctx))));
    router.get("/api/v1/probe/inventory").handler(Authentication.required(vertx, config()))
        .handler(Authorization.scope("catalog.inventory")).handler(ctx -> ctx.json(describe(Principal.of(ctx))));
    router.get("/api/v1/probe/anyone").handler(Authentication.required(vertx, config()))
        .handler(ctx -> ctx.json(describe(Principal.of(ctx))));
    return ServiceHttpServer.start(vertx, ServiceConfig.from(config(), NAME, 0), router).onSuccess(s -> server = s);
  }

  @Override
  public Future<?> stop() {
    return server.stop();
  }

  private static JsonObject describe(Principal principal) {
    return new JsonObject().put("subject", principal.subject()).put("email", principal.email())
        .put("roles", principal.roles().stream().sorted().toList()).put("clientId", principal.clientId());
  }
}
