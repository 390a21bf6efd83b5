package org.ordermesh.platform.http.page;

import io.vertx.ext.web.RoutingContext;
import org.ordermesh.platform.http.QueryParams;

/** The {@code limit} (1..100, default 20) and decoded {@code cursor} (null on the first page) of a list request. */
public record PageRequest(int limit, Cursor cursor) {

  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 100;

  /** Reads limit and cursor; 400 listing both when both are wrong. */
  public static PageRequest from(RoutingContext ctx, CursorCodec codec) {
    return QueryParams.read(ctx, q -> from(q, codec));
  }

  /** For endpoints that read their filters in the same pass, so one 400 lists every bad parameter. */
  public static PageRequest from(QueryParams q, CursorCodec codec) {
    return new PageRequest(q.optionalInt("limit", 1, MAX_LIMIT, DEFAULT_LIMIT), q.optional("cursor", codec::decode));
  }

  /** How many documents to fetch: one more than the limit tells whether a next page exists. */
  public int fetchSize() {
    return limit + 1;
  }
}
