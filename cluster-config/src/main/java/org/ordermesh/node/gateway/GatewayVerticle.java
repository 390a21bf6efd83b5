package org.ordermesh.node.gateway;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.ProxyRequest;
import org.ordermesh.node.NodeSettings;
import org.ordermesh.platform.discovery.PeerNotFoundException;
import org.ordermesh.platform.discovery.ServiceRegistry;
import org.ordermesh.platform.health.HealthRoutes;
import org.ordermesh.platform.http.ApiException;
import org.ordermesh.platform.http.ApiRouter;
import org.ordermesh.platform.node.NodeRuntime;
import org.ordermesh.platform.trace.RequestIds;
import org.ordermesh.platform.trace.TraceContext;
import org.ordermesh.platform.trace.TraceParent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The node's front door on {@code ORDERMESH_GATEWAY_PORT}: routes {@code /api/v1/<prefix>} and
 * {@code /.well-known/jwks.json} to an instance of the owning service found through discovery, and
 * streams bodies through untouched (the service enforces its own limits).
 */
public class GatewayVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(GatewayVerticle.class);
  private static final int RETRY_AFTER_SECONDS = 5;
  private static final String FORWARDED_FOR = "X-Forwarded-For";

  private HttpServer server;
  private HttpClient client;
  private ServiceRegistry registry;
  private int drainSeconds;

  @Override
  public Future<?> start() {
    var settings = NodeSettings.from(config());
    registry = NodeRuntime.of(vertx).registry();
    drainSeconds = settings.drainSeconds();
    client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(2_000),
      new PoolOptions().setHttp1MaxSize(64));

    var router = ApiRouter.createStreaming(vertx, "gateway");
    HealthRoutes.mount(router, vertx, Optional.empty());
    GatewayRoutes.prefixes().forEach(prefix -> {
      router.route(prefix).handler(this::forward);
      router.route(prefix + "/*").handler(this::forward);
    });

    return vertx.createHttpServer().requestHandler(router).listen(settings.gatewayPort(), "0.0.0.0")
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

  private static String forwardedFor(RoutingContext ctx) {
    var peer = ctx.request().remoteAddress().hostAddress();
    var earlier = ctx.request().getHeader(FORWARDED_FOR);
    return earlier == null || earlier.isBlank() ? peer : earlier + ", " + peer;
  }

  private Future<Void> proxy(RoutingContext ctx, SocketAddress origin) {
    var proxyRequest = ProxyRequest.reverseProxy(ctx.request());
    var trace = Optional.ofNullable(TraceContext.current()).orElseGet(TraceParent::newRoot);
    proxyRequest.headers()
      .set(TraceParent.HEADER, trace.header())
      .set(RequestIds.HEADER, Optional.ofNullable(TraceContext.currentRequestId()).orElse(trace.traceId()))
      // services that throttle by client address (auth) trust this from the gateway only
      .set(FORWARDED_FOR, forwardedFor(ctx));
    return client.request(new RequestOptions().setServer(origin))
      .compose(proxyRequest::send)
      .compose(response -> response.send())
      .onFailure(failure -> proxyRequest.release());
  }
}
