package org.ordermesh.node.gateway;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.ProxyRequest;
import org.ordermesh.node.NodeSettings;
import org.ordermesh.node.admin.AdminRoutes;
import org.ordermesh.node.admin.ConsoleRoutes;
import org.ordermesh.node.bridge.SockJsBridge;
import org.ordermesh.node.contracts.ContractRoutes;
import org.ordermesh.platform.discovery.PeerNotFoundException;
import org.ordermesh.platform.discovery.ServiceRegistry;
import org.ordermesh.platform.health.HealthRoutes;
import org.ordermesh.platform.config.Settings;
import org.ordermesh.platform.http.ApiException;
import org.ordermesh.platform.http.ApiRouter;
import org.ordermesh.platform.http.TrustedProxies;
import org.ordermesh.platform.node.NodeRuntime;
import org.ordermesh.platform.service.LocalService;
import org.ordermesh.platform.trace.RequestIds;
import org.ordermesh.platform.trace.TraceContext;
import org.ordermesh.platform.trace.TraceParent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The node's front door on {@code ORDERMESH_GATEWAY_PORT}: routes {@code /api/v1/<prefix>} and
 * {@code /.well-known/jwks.json} to the owning service. When that service runs in this process and offers
 * its routes ({@link LocalService}), the request runs through the service's own router on this event loop,
 * with no second HTTP hop; otherwise it goes to an instance found through discovery, bodies streamed
 * through untouched (the service enforces its own limits). It also serves the node-level admin endpoints
 * ({@link AdminRoutes}), the operator's console ({@link ConsoleRoutes}) and its OpenAPI document.
 */
public class GatewayVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(GatewayVerticle.class);
  private static final int RETRY_AFTER_SECONDS = 5;
  private static final String FORWARDED_FOR = "X-Forwarded-For";
  /** Proxies in front of the gateway (an Ingress controller) whose X-Forwarded-For it keeps; empty: it is the edge. */
  static final String UPSTREAM_PROXIES = "ORDERMESH_GATEWAY_TRUSTED_PROXIES";

  private HttpServer server;
  private HttpClient client;
  private NodeRuntime runtime;
  private ServiceRegistry registry;
  private int drainSeconds;
  private TrustedProxies upstream;
  // one router per local service, built on this instance's context; replaced when the service is redeployed
  private final Map<String, InProcess> inProcess = new HashMap<>();

  private record InProcess(LocalService service, Router router) {
  }

  @Override
  public Future<?> start() {
    var settings = NodeSettings.from(config());
    runtime = NodeRuntime.of(vertx);
    registry = runtime.registry();
    drainSeconds = settings.drainSeconds();
    upstream = TrustedProxies.parse(UPSTREAM_PROXIES, new Settings(config()).list(UPSTREAM_PROXIES));
    client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(2_000),
      new PoolOptions().setHttp1MaxSize(64));

    var router = ApiRouter.createStreaming(vertx, "gateway");
    HealthRoutes.mount(router, vertx, Optional.empty());
    AdminRoutes.mount(router, vertx, config());
    ConsoleRoutes.mount(router);
    router.route(SockJsBridge.PATH + "/*").subRouter(SockJsBridge.router(vertx, config()));
    ContractRoutes.mount(router);
    GatewayRoutes.prefixes().forEach(prefix -> {
      router.route(prefix).handler(this::forward);
      router.route(prefix + "/*").handler(this::forward);
    });

    // compression as the services' own servers offer it, now that their responses may leave from here
    return vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true))
      .requestHandler(request -> localRouter(request).orElse(router).handle(request))
      .listen(settings.gatewayPort(), "0.0.0.0")
      .onSuccess(listening -> {
        server = listening;
        log.info("gateway listening on port {}", listening.actualPort());
      });
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture()
      : server.shutdown(drainSeconds, TimeUnit.SECONDS).eventually(() -> client.close());
  }

  /**
   * The router of the local service that owns the request's path, if any. The service's router applies the
   * same conventions as the gateway's (request id, trace, access log, problem+json), so the request skips the
   * gateway's. A path that is not plainly normal takes the gateway's router, which normalises before routing.
   */
  private Optional<Router> localRouter(HttpServerRequest request) {
    var path = request.path();
    if (path == null || !isPlain(path)) {
      return Optional.empty();
    }
    return GatewayRoutes.serviceFor(path).flatMap(runtime::localService).map(service -> {
      // services that throttle by client address (auth) trust this from the gateway only
      request.headers().set(FORWARDED_FOR, forwardedFor(request));
      var current = inProcess.get(service.name());
      if (current == null || current.service() != service) {
        current = new InProcess(service, service.router(vertx));
        inProcess.put(service.name(), current);
      }
      return current.router();
    });
  }

  // no dot segments, escapes or empty segments: routing the raw path gives what routing the normalised one would
  private static boolean isPlain(String path) {
    return path.indexOf('%') < 0 && !path.contains("/.") && !path.contains("//");
  }

  private void forward(RoutingContext ctx) {
    var service = GatewayRoutes.serviceFor(ctx.normalizedPath()).orElseThrow();
    // the body must wait in the socket until the origin is known
    ctx.request().pause();
    registry.lookupHttp(service)
      .compose(origin -> proxy(ctx, origin))
      .onFailure(failure -> {
        ctx.request().resume();
        ctx.fail(failure instanceof PeerNotFoundException
          ? ApiException.unavailable(RETRY_AFTER_SECONDS).withDetail(service + " is not available")
          : ApiException.badGateway(service + " did not answer"));
      });
  }

  // at the edge the client's own header is dropped: only hops added by trusted proxies may reach auth
  private String forwardedFor(HttpServerRequest request) {
    return upstream.appendedTo(request.getHeader(FORWARDED_FOR), request.remoteAddress().hostAddress());
  }

  private Future<Void> proxy(RoutingContext ctx, SocketAddress origin) {
    var proxyRequest = ProxyRequest.reverseProxy(ctx.request());
    var trace = Optional.ofNullable(TraceContext.current()).orElseGet(TraceParent::newRoot);
    proxyRequest.headers()
      .set(TraceParent.HEADER, trace.header())
      .set(RequestIds.HEADER, Optional.ofNullable(TraceContext.currentRequestId()).orElse(trace.traceId()))
      // services that throttle by client address (auth) trust this from the gateway only
      .set(FORWARDED_FOR, forwardedFor(ctx.request()));
    return client.request(new RequestOptions().setServer(origin))
      .compose(proxyRequest::send)
      .compose(response -> response.send())
      .onFailure(failure -> proxyRequest.release());
  }
}
