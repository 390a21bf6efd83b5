package org.ordermesh.catalog.inventory;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.ordermesh.catalog.api.StockLine;
import org.ordermesh.platform.mongo.MongoDates;

/**
 * One order's reservation, holding all its lines. Its state is decided here first (one conditional update), and
 * the stock follows; {@code due} says when the sweeper must look at it: at expiry while it holds stock, never
 * once decided. {@code holdId} is the id of the holds that are this reservation's on the stock documents (null on
 * tombstones, refusals of one line, and reservations written before holds had ids).
 */
public record Reservation(String orderId, State state, List<StockLine> lines, Instant expiresAt, Instant due,
                          String reason, long version, String holdId) {

  public enum State {
    /** Written before any stock moves, by a reservation of several lines; its lines are being held. */
    PENDING,
    RESERVED,
    /** A line could not be held; {@code reason} is the error code. */
    REFUSED,
    RELEASED,
    EXPIRED,
    COMMITTED,
    /** A tombstone: the order's release came before any reserve; a later reserve is refused and holds nothing. */
    COMPENSATED;

    boolean holdsStock() {
      return this == PENDING || this == RESERVED;
    }
  }

  public Reservation {
    lines = List.copyOf(lines);
  }

  boolean settled() {
    return due == null;
  }

  JsonObject toDocument(Instant now) {
    JsonObject doc = new JsonObject()
        .put("_id", orderId)
        .put("state", state.name())
        .put("lines", new JsonArray(lines.stream().map(StockLine::toJson).toList()))
        .put("expiresAt", MongoDates.of(expiresAt))
        .put("version", version)
        .put("createdAt", MongoDates.of(now))
        .put("updatedAt", MongoDates.of(now));
    if (due == null) {
      doc.put("settledAt", MongoDates.of(now));
    } else {
      doc.put("due", MongoDates.of(due));
    }
    if (reason != null) {
      doc.put("reason", reason);
    }
    if (holdId != null) {
      doc.put("holdId", holdId);
    }
    return doc;
  }

  static Reservation fromDocument(JsonObject doc) {
    List<StockLine> lines = doc.getJsonArray("lines", new JsonArray()).stream().map(JsonObject.class::cast)
        .map(line -> new StockLine(line.getString("productId"), line.getInteger("quantity"))).toList();
    return new Reservation(doc.getString("_id"), State.valueOf(doc.getString("state")), lines,
        MongoDates.read(doc, "expiresAt"), MongoDates.read(doc, "due"), doc.getString("reason"), doc.getLong("version"),
        doc.getString("holdId"));
  }
}
