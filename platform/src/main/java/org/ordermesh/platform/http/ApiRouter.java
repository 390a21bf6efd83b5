package org.ordermesh.platform.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import org.ordermesh.platform.node.NodeRuntime;

/**
 * The router every service starts from. Before any route of the service it runs, in order: request id and
 * trace, the access log (as the node's {@link AccessLogPolicy} says), the JSON-only guard (415), and the 64 KiB body handler (413); every failure, and
 * Vert.x's own 404/405/413/500, leaves through {@link ProblemHandler}.
 */
public final class ApiRouter {

  public static final int BODY_LIMIT_BYTES = 64 * 1024;

  // explicit negative orders keep these ahead of the service's routes, whenever those are added
  private static final int PROBLEMS_ORDER = -600;
  private static final int CORRELATION_ORDER = -500;
  private static final int ACCESS_LOG_ORDER = -400;
  private static final int FORM_MARKER_ORDER = -300;
  private static final int CONTENT_TYPE_ORDER = -200;
  private static final int BODY_ORDER = -100;

  private ApiRouter() {
  }

  public static Router create(Vertx vertx, String service) {
    Router router = createStreaming(vertx, service);
    router.route().order(CONTENT_TYPE_ORDER).handler(new ContentTypeGuard());
    router.route().order(BODY_ORDER).handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES));
    return router;
  }

  /**
   * The same conventions without reading bodies, for a router that streams them elsewhere (the
   * gateway): request id and trace, access log, problem+json for every failure.
   */
  public static Router createStreaming(Vertx vertx, String service) {
    Router router = Router.router(vertx);
    ProblemHandler problems = new ProblemHandler();
    router.route().order(PROBLEMS_ORDER).failureHandler(problems);
    router.route().order(CORRELATION_ORDER).handler(new CorrelationHandler());
    AccessLogPolicy policy = NodeRuntime.find(vertx).map(runtime -> runtime.config().accessLog())
        .orElse(AccessLogPolicy.EVERY_REQUEST);
    router.route().order(ACCESS_LOG_ORDER).handler(new AccessLogHandler(service, policy));
    List.of(404, 405, 413, 500).forEach(status -> router.errorHandler(status, problems));
    return router;
  }

  /**
   * Lets one endpoint of a router made by {@link #create} also take {@code application/x-www-form-urlencoded}
   * bodies, as OAuth2 clients send to the token endpoint; read them with {@link Bodies#requireJsonOrForm}.
   */
  public static Route acceptForm(Router router, HttpMethod method, String path) {
    return router.route(method, path).order(FORM_MARKER_ORDER).handler(ctx -> {
      ctx.put(ContentTypeGuard.FORM_ACCEPTED, Boolean.TRUE);
      ctx.next();
    });
  }
}
