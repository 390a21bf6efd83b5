package org.ordermesh.platform.http.page;

import io.vertx.core.json.JsonObject;

/**
 * Where a page ended: the sort field, its value in the last item, and that item's {@code _id}. The next page
 * starts strictly after (sortValue, _id), so inserts elsewhere never shift it.
 */
public record Cursor(String sortField, Object sortValue, Object lastId) {

  /** The cursor after a raw Mongo document (top-level sort field, {@code _id} present). */
  public static Cursor after(JsonObject lastDocument, String sortField) {
    return new Cursor(sortField, lastDocument.getValue(sortField), lastDocument.getValue("_id"));
  }
}
