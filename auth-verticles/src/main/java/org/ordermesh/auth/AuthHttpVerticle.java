package org.ordermesh.auth;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.ordermesh.platform.health.HealthRoutes;
import org.ordermesh.platform.http.ApiRouter;
import org.ordermesh.platform.mongo.MongoClients;
import org.ordermesh.platform.service.ServiceHttpServer;

import java.util.Optional;

/** The auth service's HTTP face: operational routes now, its API as it is built. */
public class AuthHttpVerticle extends VerticleBase {

  private ServiceHttpServer server;

  @Override
  public Future<?> start() {
    var config = AuthService.config(config());
    var mongo = MongoClients.shared(vertx, config.platform().mongoUri(), config.database());
    var router = ApiRouter.create(vertx, AuthService.NAME);
    HealthRoutes.mount(router, vertx, Optional.of(mongo));
    return ServiceHttpServer.start(vertx, config, router).onSuccess(started -> server = started);
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.stop();
  }
}
