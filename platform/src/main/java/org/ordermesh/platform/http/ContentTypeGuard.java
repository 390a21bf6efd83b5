package org.ordermesh.platform.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Set;

/**
 * Answers 415 to a POST, PUT or PATCH whose body is not JSON ({@code application/json} or
 * {@code application/*+json}, any parameters), or form-encoded where {@link ApiRouter#acceptForm} allowed it.
 * It runs before the body is read, so a rejected body is never buffered.
 */
final class ContentTypeGuard implements Handler<RoutingContext> {

  static final String FORM_ACCEPTED = "ordermesh.formAccepted";
  static final String FORM = "application/x-www-form-urlencoded";

  private static final Set<HttpMethod> WITH_BODY = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (!WITH_BODY.contains(request.method()) || !hasBody(request)) {
      ctx.next();
      return;
    }
    String mediaType = mediaType(request.getHeader(HttpHeaders.CONTENT_TYPE));
    if (isJson(mediaType) || (FORM.equals(mediaType) && Boolean.TRUE.equals(ctx.get(FORM_ACCEPTED)))) {
      ctx.next();
      return;
    }
    ctx.fail(ApiException.unsupportedMediaType("the body must be application/json"));
  }

  private static boolean hasBody(HttpServerRequest request) {
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    return request.headers().contains(HttpHeaders.TRANSFER_ENCODING) || (length != null && !"0".equals(length.trim()));
  }

  private static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }

  private static boolean isJson(String mediaType) {
    return mediaType.equals("application/json") || (mediaType.startsWith("application/") && mediaType.endsWith("+json"));
  }
}
