package org.ordermesh.platform.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.math.BigDecimal;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.ordermesh.platform.http.page.CursorCodec;
import org.ordermesh.platform.http.page.CursorQuery;
import org.ordermesh.platform.http.page.PageRequest;
import org.ordermesh.platform.http.page.Pages;
import org.ordermesh.platform.trace.TraceContext;

/**
 * A tiny service on {@link ApiRouter}: a POST validated from its OpenAPI document ({@code openapi/widgets.json}), a
 * paged GET over Mongo, and one route per failure.
 */
final class TestApiVerticle extends VerticleBase {

  static final String WIDGETS = "widgets";
  static final String CURSOR_SECRET = "test-cursor-secret-of-at-least-32-chars";
  static final CursorCodec CURSORS = CursorCodec.fromSecret(CURSOR_SECRET);

  private static final Map<String, Supplier<ApiException>> FAILURES = Map.of(
      "unauthorized", () -> ApiException.unauthorized("token expired"),
      "forbidden", () -> ApiException.forbidden("admin only"),
      "not-found", () -> ApiException.notFound("no such widget"),
      "conflict", () -> ApiException.conflict("in flight").withRetryAfter(2),
      "precondition-failed", () -> ApiException.preconditionFailed("version mismatch"),
      "precondition-required", () -> ApiException.preconditionRequired("If-Match is required"),
      "unprocessable", () -> ApiException.unprocessable("key reused with another body"),
      "too-many-requests", () -> ApiException.tooManyRequests(30),
      "unavailable", () -> ApiException.unavailable(5));

  private enum Color { RED, GREEN }

  private final String mongoUri;
  private final String database;
  private RequestSchemas schemas;
  private MongoClient mongo;
  private HttpServer server;

  TestApiVerticle(String mongoUri, String database) {
    this.mongoUri = mongoUri;
    this.database = database;
  }

  int port() {
    return server.actualPort();
  }

  @Override
  public Future<?> start() {
    mongo = MongoClient.create(vertx, new JsonObject().put("connection_string", mongoUri).put("db_name", database));
    Router router = ApiRouter.create(vertx, "test");
    router.post("/api/v1/widgets").handler(this::createWidget);
    router.get("/api/v1/widgets").handler(this::listWidgets);
    router.get("/api/v1/search").handler(this::search);
    router.get("/api/v1/trace").handler(this::showTrace);
    router.get("/api/v1/failures/:kind").handler(this::fail);
    router.get("/api/v1/boom").handler(ctx -> {
      throw new IllegalStateException("secret internals");
    });
    ApiRouter.acceptForm(router, HttpMethod.POST, "/api/v1/token");
    router.post("/api/v1/token").handler(ctx -> ctx.json(Bodies.requireJsonOrForm(ctx)));
    return RequestSchemas.load(vertx, "widgets")
        .compose(loaded -> {
          schemas = loaded;
          return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1");
        })
        .onSuccess(s -> server = s);
  }

  @Override
  public Future<?> stop() {
    return mongo.close();
  }

  private void createWidget(RoutingContext ctx) {
    JsonObject widget = schemas.validBody(ctx, "createWidget");
    ctx.response().setStatusCode(201);
    ctx.json(widget);
  }

  private void listWidgets(RoutingContext ctx) {
    PageRequest page = PageRequest.from(ctx, CURSORS);
    mongo.findWithOptions(WIDGETS, CursorQuery.filter(new JsonObject(), "rank", true, page.cursor()),
            CursorQuery.findOptions("rank", true, page))
        .map(found -> Pages.of(found, page, "rank", CURSORS))
        .compose(result -> Pages.send(ctx, result))
        .onFailure(ctx::fail);
  }

  private void search(RoutingContext ctx) {
    JsonObject echo = QueryParams.read(ctx, q -> new JsonObject()
        .put("count", q.optionalInt("count", 1, 10, 5))
        .put("price", q.optionalDecimal("price", BigDecimal.ZERO, new BigDecimal("1000"), 2))
        .put("category", q.optionalString("category", 10, Pattern.compile("[a-z]+")))
        .put("color", q.optionalEnum("color", Color.class, Color.RED).name()));
    ctx.json(echo);
  }

  private void showTrace(RoutingContext ctx) {
    ctx.json(new JsonObject()
        .put("traceId", TraceContext.currentTraceId())
        .put("requestId", TraceContext.currentRequestId()));
  }

  private void fail(RoutingContext ctx) {
    throw FAILURES.get(ctx.pathParam("kind")).get();
  }
}
