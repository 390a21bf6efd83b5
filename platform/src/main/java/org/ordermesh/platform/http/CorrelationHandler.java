package org.ordermesh.platform.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.ordermesh.platform.trace.RequestIds;
import org.ordermesh.platform.trace.TraceContext;
import org.ordermesh.platform.trace.TraceParent;

/**
 * Accepts or creates the request id and trace, binds them to the request's context and returns them on the
 * response, errors included.
 */
final class CorrelationHandler implements Handler<RoutingContext> {

  @Override
  public void handle(RoutingContext ctx) {
    TraceContext.bindFrom(ctx.request());
    TraceParent trace = TraceContext.current();
    String requestId = TraceContext.currentRequestId();
    // set when the head is written, so failure handlers that rebuild the response keep them
    ctx.addHeadersEndHandler(v -> ctx.response()
        .putHeader(RequestIds.HEADER, requestId)
        .putHeader(TraceParent.HEADER, trace.header()));
    ctx.next();
  }
}
