package org.ordermesh.platform.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.ordermesh.platform.contract.OpenApi;

/**
 * The request-body schemas of a service's OpenAPI document, the one place a body's constraints are written: the
 * document is read as a vertx-openapi contract (checked as OpenAPI 3.1, its {@code $ref}s resolved) and each
 * operation's JSON body schema compiled into a validator once, at start. A request is then checked on the event loop
 * against the body {@link Bodies} already parsed, rather than through vertx-openapi's {@code RequestValidator}, which
 * would parse the body again, rebuild its validator and hop to a worker thread on every request.
 */
public final class RequestSchemas {

  private static final String JSON = "application/json";

  private final Map<String, Validator> validators;

  private RequestSchemas(Map<String, Validator> validators) {
    this.validators = validators;
  }

  /** The schemas of the service's document ({@code openapi/<service>.json}, see {@link OpenApi#load}). */
  public static Future<RequestSchemas> load(Vertx vertx, String service) {
    return OpenApi.load(service)
        .map(document -> of(vertx, document))
        .orElseGet(() -> Future.failedFuture(new IllegalStateException("no OpenAPI document for " + service)));
  }

  /**
   * The schemas of {@code document}; fails when it is not a valid OpenAPI 3.1 document, when an operation lacks an
   * operationId, or when an operation's form body has another schema than its JSON body.
   */
  public static Future<RequestSchemas> of(Vertx vertx, JsonObject document) {
    try {
      return OpenAPIContract.from(vertx, jsonBodies(document)).map(RequestSchemas::compile);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
  }

  /** The request's JSON body, guarded by {@link Bodies#requireJsonObject} and valid against the operation's schema. */
  public JsonObject validBody(RoutingContext ctx, String operationId) {
    return validate(operationId, Bodies.requireJsonObject(ctx));
  }

  /** Like {@link #validBody}, for an operation that also takes a form body (read by {@link Bodies#requireJsonOrForm}). */
  public JsonObject validJsonOrForm(RoutingContext ctx, String operationId) {
    return validate(operationId, Bodies.requireJsonOrForm(ctx));
  }

  /** Returns the body when valid; otherwise throws ApiException 400 with one field error per failing value. */
  public JsonObject validate(String operationId, JsonObject body) {
    Validator validator = validators.get(operationId);
    if (validator == null) {
      // a handler naming an operation the document gives no JSON body is a programming error, not bad input
      throw new IllegalArgumentException("the OpenAPI document has no JSON body for " + operationId);
    }
    OutputUnit result = validator.validate(body);
    if (!Boolean.TRUE.equals(result.getValid())) {
      throw ApiException.invalid(SchemaErrors.fieldErrors(result));
    }
    return body;
  }

  private static RequestSchemas compile(OpenAPIContract contract) {
    Map<String, Validator> validators = new HashMap<>();
    for (var path : contract.getPaths()) {
      for (Operation operation : path.getOperations()) {
        if (operation.getRequestBody() != null) {
          var media = operation.getRequestBody().getContent().get(JSON);
          validators.put(operation.getOperationId(), contract.getSchemaRepository().validator(media.getSchema()));
        }
      }
    }
    return new RequestSchemas(Map.copyOf(validators));
  }

  /**
   * The document as vertx-openapi 5.0 reads it: it refuses a relative server URL and media types it cannot
   * validate (problem+json answers, server-sent events, form bodies), so it gets each operation's id and JSON
   * body, and the component schemas they refer to. A form body is read as an object of strings and checked
   * against the JSON body's schema, so the document must give both the same one.
   */
  private static JsonObject jsonBodies(JsonObject original) {
    // vertx-openapi marks up the objects it resolves, which must not be the caller's
    JsonObject document = original.copy();
    JsonObject paths = new JsonObject();
    document.getJsonObject("paths", new JsonObject()).forEach(path -> {
      JsonObject operations = new JsonObject();
      ((JsonObject) path.getValue()).forEach(entry -> {
        JsonObject operation = (JsonObject) entry.getValue();
        String operationId = operation.getString("operationId");
        if (operationId == null) {
          throw new IllegalArgumentException(entry.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey() + " has no operationId");
        }
        JsonObject reduced = new JsonObject().put("operationId", operationId)
            .put("responses", new JsonObject().put("default", new JsonObject().put("description", "see the document")));
        JsonObject content = operation.getJsonObject("requestBody", new JsonObject()).getJsonObject("content", new JsonObject());
        if (content.containsKey(JSON)) {
          JsonObject form = content.getJsonObject(ContentTypeGuard.FORM);
          if (form != null && !form.equals(content.getJsonObject(JSON))) {
            throw new IllegalArgumentException(operationId + "'s form body must have its JSON body's schema");
          }
          reduced.put("requestBody", new JsonObject().put("content", new JsonObject().put(JSON, content.getJsonObject(JSON))));
        }
        operations.put(entry.getKey(), reduced);
      });
      paths.put(path.getKey(), operations);
    });
    JsonObject schemas = document.getJsonObject("components", new JsonObject()).getJsonObject("schemas", new JsonObject());
    return new JsonObject().put("openapi", document.getString("openapi")).put("info", document.getJsonObject("info"))
        .put("paths", paths).put("components", new JsonObject().put("schemas", schemas));
  }
}
