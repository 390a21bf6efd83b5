package org.ordermesh.platform.http.page;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import org.ordermesh.platform.http.ApiException;

/**
 * Keyset pagination in Mongo terms: pages ordered by (sortField, _id) and resumed strictly after the
 * cursor's pair, never by skip, so documents inserted meanwhile are neither skipped nor repeated.
 * The sort field must be a top-level field present in every document.
 */
public final class CursorQuery {

  private static final String ID = "_id";

  private CursorQuery() {
  }

  /** The filter for "after the cursor" ({@code {}} on the first page); 400 when the cursor is for another sort. */
  public static JsonObject after(String sortField, boolean ascending, Cursor cursor) {
    if (cursor == null) {
      return new JsonObject();
    }
    requireSort(sortField, cursor);
    String beyond = ascending ? "$gt" : "$lt";
    JsonObject idBeyond = new JsonObject().put(ID, new JsonObject().put(beyond, cursor.lastId()));
    if (ID.equals(sortField)) {
      return idBeyond;
    }
    return new JsonObject().put("$or", new JsonArray()
        .add(new JsonObject().put(sortField, new JsonObject().put(beyond, cursor.sortValue())))
        .add(idBeyond.copy().put(sortField, cursor.sortValue())));
  }

  /** 400 when the cursor ended a page of another sort: its value would be compared with another field's. */
  public static void requireSort(String sortField, Cursor cursor) {
    if (!sortField.equals(cursor.sortField())) {
      throw invalid();
    }
  }

  /** The 400 of a cursor that cannot resume this list. */
  public static ApiException invalid() {
    return ApiException.invalid("cursor", CursorCodec.INVALID);
  }

  /** The service's own filter narrowed to "after the cursor". */
  public static JsonObject filter(JsonObject base, String sortField, boolean ascending, Cursor cursor) {
    JsonObject after = after(sortField, ascending, cursor);
    if (after.isEmpty()) {
      return base;
    }
    return base.isEmpty() ? after : new JsonObject().put("$and", new JsonArray().add(base).add(after));
  }

  /** {@code {sortField: ±1, _id: ±1}}: _id breaks ties so the order is total. */
  public static JsonObject sort(String sortField, boolean ascending) {
    int direction = ascending ? 1 : -1;
    JsonObject sort = new JsonObject().put(sortField, direction);
    return sort.put(ID, direction);
  }

  /** Sort plus a limit of one more than the page, for {@link Pages#of}. */
  public static FindOptions findOptions(String sortField, boolean ascending, PageRequest request) {
    return new FindOptions().setSort(sort(sortField, ascending)).setLimit(request.fetchSize());
  }
}
