package org.ordermesh.platform.http.page;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.UnaryOperator;

/** One page of a list; {@code nextCursor} is null on the last page. */
public record Page(List<JsonObject> items, String nextCursor) {

  public Page {
    items = List.copyOf(items);
  }

  /** The same page with each item turned into its API shape (cursors are built from the raw documents first). */
  public Page map(UnaryOperator<JsonObject> view) {
    return new Page(items.stream().map(view).toList(), nextCursor);
  }
}
