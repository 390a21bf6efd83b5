package org.ordermesh.platform.http;

import static net.logstash.logback.argument.StructuredArguments.kv;
import static net.logstash.logback.argument.StructuredArguments.v;

import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.ordermesh.platform.trace.TraceContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON line per finished request that the {@link AccessLogPolicy} keeps: "GET /api/v1/products 200" with
 * method, path, status, durationMs, bytesSent and requestId as fields. The logger is
 * {@code org.ordermesh.<service>.access} so the JSON provider's service field names the service.
 */
final class AccessLogHandler implements Handler<RoutingContext> {

  private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Logger log;
  private final AccessLogPolicy policy;
  // the budget of quick successful lines: the current one-second window, the lines it took and those it left out
  private final AtomicLong windowStart = new AtomicLong(System.nanoTime());
  private final AtomicLong taken = new AtomicLong();
  private final AtomicLong leftOut = new AtomicLong();

  AccessLogHandler(String service, AccessLogPolicy policy) {
    this.log = LoggerFactory.getLogger("org.ordermesh." + service + ".access");
    this.policy = policy;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    String requestId = TraceContext.currentRequestId();
    ctx.addEndHandler(done -> finished(ctx, done, requestId, start));
    ctx.next();
  }

  private void finished(RoutingContext ctx, AsyncResult<Void> done, String requestId, long start) {
    long end = System.nanoTime();
    long durationMs = (end - start) / 1_000_000;
    int status = ctx.response().getStatusCode();
    if (policy.always(status, done.succeeded(), durationMs) || withinBudget(end)) {
      logRequest(ctx, status, requestId, durationMs);
    }
  }

  private boolean withinBudget(long now) {
    long window = windowStart.get();
    if (now - window >= WINDOW_NANOS && windowStart.compareAndSet(window, now)) {
      long skipped = leftOut.getAndSet(0);
      taken.set(0);
      if (skipped > 0) {
        log.info("{} quick successful requests left out of the access log in the last {} ms ({}=all logs every one)",
            v("leftOut", skipped), (now - window) / 1_000_000, AccessLogPolicy.MODE);
      }
    }
    if (taken.incrementAndGet() <= policy.perSecond()) {
      return true;
    }
    leftOut.incrementAndGet();
    return false;
  }

  private void logRequest(RoutingContext ctx, int status, String requestId, long durationMs) {
    HttpServerRequest request = ctx.request();
    log.info("{} {} {}",
        v("method", request.method().name()),
        v("path", request.path()),
        v("status", status),
        kv("durationMs", durationMs),
        kv("bytesSent", ctx.response().bytesWritten()),
        kv("requestId", requestId));
  }
}
