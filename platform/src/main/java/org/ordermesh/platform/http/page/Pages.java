package org.ordermesh.platform.http.page;

import io.netty.handler.codec.http.QueryStringEncoder;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

/** Builds pages from a limit+1 fetch and writes them as {@code {items, nextCursor}} with a {@code Link} header. */
public final class Pages {

  private Pages() {
  }

  /** The page from documents fetched with {@link CursorQuery#findOptions} (up to limit+1 raw documents). */
  public static Page of(List<JsonObject> fetched, PageRequest request, String sortField, CursorCodec codec) {
    if (fetched.size() <= request.limit()) {
      return new Page(fetched, null);
    }
    List<JsonObject> items = fetched.subList(0, request.limit());
    return new Page(items, codec.encode(Cursor.after(items.get(items.size() - 1), sortField)));
  }

  public static Future<Void> send(RoutingContext ctx, Page page) {
    if (page.nextCursor() != null) {
      ctx.response().putHeader("Link", "<" + nextPageUri(ctx, page.nextCursor()) + ">; rel=\"next\"");
    }
    JsonObject body = new JsonObject()
        .put("items", new JsonArray(List.copyOf(page.items())))
        .put("nextCursor", page.nextCursor());
    return ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.toBuffer());
  }

  // relative to the request (RFC 8288), so it stays right behind the gateway, which keeps the path
  private static String nextPageUri(RoutingContext ctx, String cursor) {
    QueryStringEncoder uri = new QueryStringEncoder(ctx.request().path());
    for (Map.Entry<String, String> param : ctx.queryParams()) {
      if (!"cursor".equals(param.getKey())) {
        uri.addParam(param.getKey(), param.getValue());
      }
    }
    uri.addParam("cursor", cursor);
    return uri.toString();
  }
}
