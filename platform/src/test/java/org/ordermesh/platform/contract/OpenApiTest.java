package org.ordermesh.platform.contract;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("a service's OpenAPI document")
class OpenApiTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("is compared with the router's API routes: an undocumented route and an unrouted operation are both found")
  void findsGaps() {
    var router = Router.router(vertx);
    router.get("/api/v1/things/:id").handler(ctx -> ctx.end());
    router.delete("/api/v1/things/:id").handler(ctx -> ctx.end());
    router.get("/health/live").handler(ctx -> ctx.end());

    OpenApi.mount(vertx, router, "things");

    var coverage = OpenApi.coverage(vertx, "things").orElseThrow();
    assertThat(coverage.getJsonArray("undocumented")).isEqualTo(new JsonArray().add("DELETE /api/v1/things/{id}"));
    assertThat(coverage.getJsonArray("unrouted")).isEqualTo(new JsonArray().add("POST /api/v1/things"));
  }

  @Test
  @DisplayName("is served at /openapi.json")
  void served() throws Exception {
    var router = Router.router(vertx);
    OpenApi.mount(vertx, router, "things");
    var server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);

    var body = vertx.createHttpClient().request(io.vertx.core.http.HttpMethod.GET, server.actualPort(), "127.0.0.1", OpenApi.PATH)
      .compose(request -> request.send().compose(response -> response.body())).await(10, TimeUnit.SECONDS);

    assertThat(body.toJsonObject()).isEqualTo(OpenApi.load("things").orElseThrow());
  }
}
