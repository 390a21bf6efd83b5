package org.ordermesh.platform.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import org.ordermesh.platform.config.ServiceConfig;
import org.ordermesh.platform.contract.OpenApi;
import org.ordermesh.platform.discovery.ServiceRegistry.Registration;
import org.ordermesh.platform.node.NodeRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A service's HTTP server: listens on the service port, publishes the endpoint in discovery under the
 * service name, optionally offers its routes to the node's own gateway ({@link LocalService}), and on stop
 * withdraws both first, then drains in-flight requests.
 */
public final class ServiceHttpServer {

  private static final Logger log = LoggerFactory.getLogger(ServiceHttpServer.class);

  private final Vertx vertx;
  private final ServiceConfig config;
  private final HttpServer server;
  private final Registration registration;
  private final Optional<LocalService> local;

  private ServiceHttpServer(Vertx vertx, ServiceConfig config, HttpServer server, Registration registration,
                            Optional<LocalService> local) {
    this.vertx = vertx;
    this.config = config;
    this.server = server;
    this.registration = registration;
    this.local = local;
  }

  public static Future<ServiceHttpServer> start(Vertx vertx, ServiceConfig config, Router router) {
    return start(vertx, config, router, Optional.empty());
  }

  /**
   * As {@link #start(Vertx, ServiceConfig, Router)}, and offers {@code apiRoutes} to the node's gateway, which
   * builds one router per event loop of its own with it (see {@link LocalService} for what that asks of them).
   */
  public static Future<ServiceHttpServer> start(Vertx vertx, ServiceConfig config, Router router,
                                                Function<Vertx, Router> apiRoutes) {
    return start(vertx, config, router, Optional.of(new LocalService(config.name(), apiRoutes)));
  }

  private static Future<ServiceHttpServer> start(Vertx vertx, ServiceConfig config, Router router,
                                                 Optional<LocalService> local) {
    var runtime = NodeRuntime.of(vertx);
    OpenApi.mount(vertx, router, config.name());
    return vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true))
      .requestHandler(router)
      .listen(config.httpPort(), "0.0.0.0")
      .compose(server -> runtime.registry().publishHttp(config.name(), config.platform().publicHost(), server.actualPort())
        .map(registration -> new ServiceHttpServer(vertx, config, server, registration, local)))
      .onSuccess(started -> {
        local.ifPresent(runtime::offerLocally);
        log.info("{} listening on port {}{}", config.name(), started.port(), local.isPresent() ? ", in-process for the gateway" : "");
      });
  }

  public int port() {
    return server.actualPort();
  }

  public Future<Void> stop() {
    var runtime = NodeRuntime.of(vertx);
    local.ifPresent(runtime::withdrawLocally);
    return runtime.registry().unpublish(registration)
      .recover(e -> Future.succeededFuture())
      .compose(v -> server.shutdown(config.platform().drainSeconds(), TimeUnit.SECONDS));
  }
}
