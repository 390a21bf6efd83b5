package org.ordermesh.node.admin;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;

import java.io.IOException;
import java.io.UncheckedIOException;

/** {@code GET /api/v1/openapi.json}: the gateway's OpenAPI document, read once from the jar. */
public final class OpenApiRoute {

  public static final String PATH = "/api/v1/openapi.json";
  private static final String RESOURCE = "openapi/gateway.json";

  private OpenApiRoute() {
  }

  public static void mount(Router router) {
    var document = load();
    router.get(PATH).handler(ctx -> ctx.response().putHeader("content-type", "application/json").end(document));
  }

  private static Buffer load() {
    try (var in = OpenApiRoute.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the jar");
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
