package org.ordermesh.platform.http.page;

import io.netty.handler.codec.http.QueryStringEncoder;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
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
    JsonObject body = new JsonObject()
        .put("items", new JsonArray(List.copyOf(page.items())))
        .put("nextCursor", page.nextCursor());
    return send(ctx, body.toBuffer(), page.nextCursor());
  }

  /** The same page from items already encoded as JSON objects: {@code {items, nextCursor}} written around them. */
  public static Future<Void> sendEncoded(RoutingContext ctx, List<Buffer> items, String nextCursor) {
    Buffer body = Buffer.buffer(64 + items.stream().mapToInt(Buffer::length).sum()).appendString("{\"items\":[");
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        body.appendByte((byte) ',');
      }
      body.appendBuffer(items.get(i));
    }
    return send(ctx, body.appendString("],\"nextCursor\":").appendString(Json.encode(nextCursor)).appendString("}"), nextCursor);
  }

  private static Future<Void> send(RoutingContext ctx, Buffer body, String nextCursor) {
    if (nextCursor != null) {
      ctx.response().putHeader("Link", "<" + nextPageUri(ctx, nextCursor) + ">; rel=\"next\"");
    }
    return ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body);
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
