package org.ordermesh.platform.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.ordermesh.platform.trace.TraceContext;
import org.ordermesh.platform.mongo.MongoErrors;
import org.ordermesh.platform.peer.PeerUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one exit for errors: writes every failure, and Vert.x's own 404/405/413/500, as RFC 9457
 * {@code application/problem+json}. Unknown exceptions become a generic 500 and are logged, never shown.
 */
public final class ProblemHandler implements Handler<RoutingContext> {

  public static final String PROBLEM_JSON = "application/problem+json";

  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
  private static final long DEPENDENCY_RETRY_AFTER_SECONDS = 5;

  @Override
  public void handle(RoutingContext ctx) {
    ApiException problem = toProblem(ctx);
    HttpServerResponse response = ctx.response();
    if (response.ended()) {
      return;
    }
    if (response.headWritten()) {
      // the status is already on the wire; cutting the response short is the only honest signal left
      log.warn("failure after the response started: {} {}", ctx.request().method(), ctx.request().path(), ctx.failure());
      response.reset();
      return;
    }
    write(ctx, problem);
  }

  private static ApiException toProblem(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ApiException api) {
      return api;
    }
    if (failure instanceof DecodeException) {
      return ApiException.malformedJson("malformed JSON");
    }
    if (failure instanceof PeerUnavailableException peer) {
      log.warn("{} {}: {}", ctx.request().method(), ctx.request().path(), peer.getMessage());
      return ApiException.unavailable(DEPENDENCY_RETRY_AFTER_SECONDS).withDetail(peer.peer() + " is unavailable, retry later");
    }
    if (MongoErrors.isUnavailable(failure)) {
      log.warn("{} {}: the database is unavailable", ctx.request().method(), ctx.request().path());
      return ApiException.unavailable(DEPENDENCY_RETRY_AFTER_SECONDS).withDetail("the database is unavailable, retry later");
    }
    int status = failure instanceof HttpException http ? http.getStatusCode() : ctx.statusCode();
    if (status >= 400 && status < 500) {
      return forClientStatus(status);
    }
    logUnexpected(ctx, status);
    return status == 503
        ? ApiException.of(ProblemType.UNAVAILABLE, "a dependency is unavailable, retry later")
        : ApiException.of(ProblemType.INTERNAL_ERROR, "the server could not complete the request");
  }

  private static ApiException forClientStatus(int status) {
    ProblemType type = ProblemType.forStatus(status);
    if (type == null) {
      return ApiException.blank(status, HttpResponseStatus.valueOf(status).reasonPhrase(), null);
    }
    return switch (type) {
      case NOT_FOUND -> ApiException.notFound("no resource at this path");
      case METHOD_NOT_ALLOWED -> ApiException.of(type, "this resource does not support the method");
      case PAYLOAD_TOO_LARGE -> ApiException.payloadTooLarge("the request body exceeds " + ApiRouter.BODY_LIMIT_BYTES + " bytes");
      case UNAUTHORIZED -> ApiException.unauthorized("a valid bearer token is required");
      default -> ApiException.of(type, null);
    };
  }

  private static void logUnexpected(RoutingContext ctx, int status) {
    log.error("unhandled failure ({}) of {} {}, trace {}", status, ctx.request().method(), ctx.request().path(),
        TraceContext.currentTraceId(), ctx.failure());
  }

  private static void write(RoutingContext ctx, ApiException problem) {
    JsonObject body = new JsonObject()
        .put("type", problem.type())
        .put("title", problem.title())
        .put("status", problem.status());
    putIfPresent(body, "detail", problem.detail());
    body.put("instance", ctx.request().path());
    if (!problem.errors().isEmpty()) {
      JsonArray errors = new JsonArray();
      problem.errors().forEach(e -> errors.add(new JsonObject().put("field", e.field()).put("message", e.message())));
      body.put("errors", errors);
    }
    putIfPresent(body, "traceId", TraceContext.currentTraceId());
    HttpServerResponse response = ctx.response()
        .setStatusCode(problem.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, PROBLEM_JSON);
    problem.retryAfterSeconds().ifPresent(seconds -> response.putHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds)));
    problem.headers().forEach(response::putHeader);
    response.end(body.toBuffer());
  }

  private static void putIfPresent(JsonObject body, String key, String value) {
    if (value != null) {
      body.put(key, value);
    }
  }
}
