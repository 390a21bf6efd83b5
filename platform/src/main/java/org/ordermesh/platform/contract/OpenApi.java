package org.ordermesh.platform.contract;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A service's OpenAPI 3.1 document, written once as {@code openapi/<service>.json} in its module's resources:
 * served at {@code GET /openapi.json} on the service port and merged by the gateway. When a service's server
 * starts, its API routes ({@code /api/...}, {@code /.well-known/...}) are compared with the document's
 * operations; the gaps are logged and kept for {@link #coverage}, which the build's contract test reads.
 */
public final class OpenApi {

  public static final String PATH = "/openapi.json";

  private static final Logger log = LoggerFactory.getLogger(OpenApi.class);
  private static final String MAP = "ordermesh.openapi";

  private OpenApi() {
  }

  /** The service's document, when its module ships one. */
  public static Optional<JsonObject> load(String service) {
    try (InputStream in = OpenApi.class.getClassLoader().getResourceAsStream("openapi/" + service + ".json")) {
      return in == null ? Optional.empty() : Optional.of(new JsonObject(Buffer.buffer(in.readAllBytes())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Serves the service's document at {@link #PATH} and records how it covers the router's API routes. */
  public static void mount(Vertx vertx, Router router, String service) {
    var document = load(service);
    var routed = routes(router);
    var documented = document.map(OpenApi::operations).orElseGet(TreeSet::new);
    var undocumented = new TreeSet<>(routed);
    undocumented.removeAll(documented);
    var unrouted = new TreeSet<>(documented);
    unrouted.removeAll(routed);
    if (!undocumented.isEmpty() || !unrouted.isEmpty()) {
      log.warn("{}'s OpenAPI document misses routes {} and documents unrouted operations {}", service, undocumented, unrouted);
    }
    vertx.sharedData().<String, JsonObject>getLocalMap(MAP).put(service, new JsonObject()
      .put("undocumented", new JsonArray(undocumented.stream().toList()))
      .put("unrouted", new JsonArray(unrouted.stream().toList())));
    document.map(JsonObject::toBuffer).ifPresent(body -> router.get(PATH).handler(ctx -> ctx.response()
      .putHeader("content-type", "application/json").end(body)));
  }

  /** {@code {undocumented: ["GET /api/v1/x"], unrouted: [...]}} as this node's server of {@code service} found them. */
  public static Optional<JsonObject> coverage(Vertx vertx, String service) {
    return Optional.ofNullable(vertx.sharedData().<String, JsonObject>getLocalMap(MAP).get(service));
  }

  /** The document's operations as {@code "GET /api/v1/products/{id}"}. */
  public static Set<String> operations(JsonObject document) {
    var operations = new TreeSet<String>();
    document.getJsonObject("paths", new JsonObject()).forEach(path -> ((JsonObject) path.getValue()).fieldNames()
      .forEach(method -> operations.add(method.toUpperCase() + " " + path.getKey())));
    return operations;
  }

  // the service's own API; health, metrics and this document are the platform's, the same on every port
  private static Set<String> routes(Router router) {
    var routes = new TreeSet<String>();
    router.getRoutes().stream()
      .filter(route -> route.getPath() != null && route.methods() != null)
      .filter(route -> route.getPath().startsWith("/api/") || route.getPath().startsWith("/.well-known/"))
      .forEach(route -> route.methods().forEach(method ->
        routes.add(method.name() + " " + route.getPath().replaceAll(":(\\w+)", "{$1}"))));
    return routes;
  }
}
