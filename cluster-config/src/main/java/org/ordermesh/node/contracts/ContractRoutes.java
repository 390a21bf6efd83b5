package org.ordermesh.node.contracts;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.ordermesh.platform.contract.OpenApi;
import org.ordermesh.platform.service.ServiceModule;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * The machine-readable contracts at the gateway: {@code GET /api/v1/openapi.json}, the services' OpenAPI
 * documents and the gateway's own (its admin endpoints) merged into one, each operation tagged with its
 * owner, and {@code GET /api/v1/asyncapi.json},
 * {@code docs/asyncapi.json} as the build packs it. Both are built once, when the gateway starts.
 */
public final class ContractRoutes {

  public static final String OPENAPI = "/api/v1/openapi.json";
  public static final String ASYNCAPI = "/api/v1/asyncapi.json";
  private static final String ASYNCAPI_RESOURCE = "contracts/asyncapi.json";
  private static final String GATEWAY = "gateway";
  private static final List<String> COMPONENTS = List.of("schemas", "responses", "securitySchemes");

  private ContractRoutes() {
  }

  public static void mount(Router router) {
    var openapi = merged().toBuffer();
    var asyncapi = resource(ASYNCAPI_RESOURCE);
    router.get(OPENAPI).handler(ctx -> ctx.response().putHeader("content-type", "application/json").end(openapi));
    router.get(ASYNCAPI).handler(ctx -> ctx.response().putHeader("content-type", "application/json").end(asyncapi));
  }

  /** Every service's document that this node's jar carries, and the gateway's, in one. */
  public static JsonObject merged() {
    var paths = new JsonObject();
    var components = new JsonObject();
    COMPONENTS.forEach(kind -> components.put(kind, new JsonObject()));
    var tags = new JsonArray();
    owners().forEach(service -> OpenApi.load(service).ifPresent(document -> {
      tags.add(new JsonObject().put("name", service).put("description", document.getJsonObject("info").getString("description")));
      document.getJsonObject("paths").forEach(path -> {
        var operations = ((JsonObject) path.getValue()).copy();
        operations.forEach(operation -> ((JsonObject) operation.getValue()).put("tags", new JsonArray().add(service)));
        paths.put(path.getKey(), operations);
      });
      var own = document.getJsonObject("components", new JsonObject());
      COMPONENTS.forEach(kind -> components.getJsonObject(kind).mergeIn(own.getJsonObject(kind, new JsonObject())));
    }));
    return new JsonObject().put("openapi", "3.1.0")
      .put("info", new JsonObject().put("title", "ordermesh API").put("version", "1.0.0")
        .put("description", "Every service's endpoints, through the gateway. Errors are RFC 9457 problem details."))
      .put("servers", new JsonArray().add(new JsonObject().put("url", "/")))
      .put("tags", tags).put("paths", paths).put("components", components);
  }

  private static List<String> owners() {
    var services = ServiceLoader.load(ServiceModule.class).stream().map(provider -> provider.get().name())
      .sorted(Comparator.naturalOrder());
    return Stream.concat(services, Stream.of(GATEWAY)).toList();
  }

  private static Buffer resource(String name) {
    try (InputStream in = ContractRoutes.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the node's jar");
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
