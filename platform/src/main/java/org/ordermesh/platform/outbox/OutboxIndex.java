package org.ordermesh.platform.outbox;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.IndexOptions;
import org.ordermesh.platform.mongo.IndexDeclaration;

/**
 * The index of an aggregate collection's documents with events to publish, which every repository whose
 * documents carry an {@link Outbox} declares: the relay looks for them with {@code {"outbox.0": {$exists: true}}}.
 * Partial on that same condition, so it holds only the aggregates with pending events (a few, briefly) however
 * large the collection grows, and a write that neither fills nor empties the outbox leaves it alone.
 */
public final class OutboxIndex {

  public static final String NAME = "outbox_pending";

  private OutboxIndex() {
  }

  public static IndexDeclaration pending() {
    String first = Outbox.FIELD + ".0";
    return new IndexDeclaration(NAME, new JsonObject().put(first, 1), new IndexOptions().name(NAME)
        .partialFilterExpression(new JsonObject().put(first, new JsonObject().put("$exists", true))));
  }
}
