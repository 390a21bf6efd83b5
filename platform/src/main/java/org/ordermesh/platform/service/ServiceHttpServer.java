package org.ordermesh.platform.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import org.ordermesh.platform.config.ServiceConfig;
import org.ordermesh.platform.discovery.ServiceRegistry.Registration;
import org.ordermesh.platform.node.NodeRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * A service's HTTP server: listens on the service port, publishes the endpoint in discovery under the
 * service name, and on stop withdraws the record first, then drains in-flight requests.
 */
public final class ServiceHttpServer {

  private static final Logger log = LoggerFactory.getLogger(ServiceHttpServer.class);

  private final Vertx vertx;
  private final ServiceConfig config;
  private final HttpServer server;
  private final Registration registration;

  private ServiceHttpServer(Vertx vertx, ServiceConfig config, HttpServer server, Registration registration) {
    this.vertx = vertx;
    this.config = config;
    this.server = server;
    this.registration = registration;
  }

  public static Future<ServiceHttpServer> start(Vertx vertx, ServiceConfig config, Router router) {
    var registry = NodeRuntime.of(vertx).registry();
    return vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true))
      .requestHandler(router)
      .listen(config.httpPort(), "0.0.0.0")
      .compose(server -> registry.publishHttp(config.name(), config.platform().publicHost(), server.actualPort())
        .map(registration -> new ServiceHttpServer(vertx, config, server, registration)))
      .onSuccess(started -> log.info("{} listening on port {}", config.name(), started.port()));
  }

  public int port() {
    return server.actualPort();
  }

  public Future<Void> stop() {
    return NodeRuntime.of(vertx).registry().unpublish(registration)
      .recover(e -> Future.succeededFuture())
      .compose(v -> server.shutdown(config.platform().drainSeconds(), TimeUnit.SECONDS));
  }
}
