package org.ordermesh.platform.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import org.ordermesh.platform.mongo.KeyGuard;

/** Reads request bodies as JSON objects that are safe to hand to Mongo. */
public final class Bodies {

  private Bodies() {
  }

  /** The body as a JSON object; 400 when it is empty, malformed, not an object, or holds Mongo operator keys. */
  public static JsonObject requireJsonObject(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      throw ApiException.badRequest("a JSON object body is required");
    }
    Object value;
    try {
      value = Json.decodeValue(body);
    } catch (DecodeException e) {
      throw ApiException.malformedJson("malformed JSON");
    }
    if (!(value instanceof JsonObject object)) {
      throw ApiException.badRequest("the body must be a JSON object");
    }
    KeyGuard.check(object);
    return object;
  }

  /** Like {@link #requireJsonObject}, but a form-encoded body (see {@link ApiRouter#acceptForm}) reads as an object of strings. */
  public static JsonObject requireJsonOrForm(RoutingContext ctx) {
    String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith(ContentTypeGuard.FORM)) {
      return requireJsonObject(ctx);
    }
    JsonObject form = new JsonObject();
    ctx.request().formAttributes().forEach(entry -> form.put(entry.getKey(), entry.getValue()));
    KeyGuard.check(form);
    return form;
  }
}
