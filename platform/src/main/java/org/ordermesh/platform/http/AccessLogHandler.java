package org.ordermesh.platform.http;

import static net.logstash.logback.argument.StructuredArguments.kv;
import static net.logstash.logback.argument.StructuredArguments.v;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.ordermesh.platform.trace.TraceContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON line per finished request: "GET /api/v1/products 200" with method, path, status, durationMs,
 * bytesSent and requestId as fields. The logger is {@code org.ordermesh.<service>.access} so the JSON
 * provider's service field names the service.
 */
final class AccessLogHandler implements Handler<RoutingContext> {

  private final Logger log;

  AccessLogHandler(String service) {
    this.log = LoggerFactory.getLogger("org.ordermesh." + service + ".access");
  }

  @Override
  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    String requestId = TraceContext.currentRequestId();
    ctx.addEndHandler(done -> logRequest(ctx, requestId, (System.nanoTime() - start) / 1_000_000));
    ctx.next();
  }

  private void logRequest(RoutingContext ctx, String requestId, long durationMs) {
    HttpServerRequest request = ctx.request();
    log.info("{} {} {}",
        v("method", request.method().name()),
        v("path", request.path()),
        v("status", ctx.response().getStatusCode()),
        kv("durationMs", durationMs),
        kv("bytesSent", ctx.response().bytesWritten()),
        kv("requestId", requestId));
  }
}
