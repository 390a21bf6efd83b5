package org.ordermesh.platform.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Function;

/** Turns an endpoint method that writes its own response into a route handler with one exit for failures. */
public final class Endpoints {

  private Endpoints() {
  }

  /** Whatever the endpoint throws or fails with leaves through the router's {@link ProblemHandler}. */
  public static Handler<RoutingContext> handler(Function<RoutingContext, ? extends Future<?>> endpoint) {
    return ctx -> {
      try {
        endpoint.apply(ctx).onFailure(ctx::fail);
      } catch (RuntimeException e) {
        ctx.fail(e);
      }
    };
  }
}
