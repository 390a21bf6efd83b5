package org.ordermesh.catalog.inventory;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.ordermesh.catalog.api.CatalogError;
import org.ordermesh.platform.mongo.MongoDates;

/**
 * One product's stock, an aggregate of its own apart from the product: {@code available}, {@code reserved}, the
 * holds of open reservations (one per order, which makes every stock move idempotent per order), the units and
 * orders sold (counted by the commit that lets a hold leave, so once per order and product) and the last
 * adjustments. Each change checks the current state and returns the next one, or empty when there is nothing to
 * do; the repository writes it with one conditional update. {@code version} 0 means no document yet.
 */
public record Stock(String productId, long available, long reserved, List<Hold> holds, long unitsSold, long ordersSold,
                    List<Adjustment> adjustments, long version) {

  /** Adjustments kept on the document; older ones drop off. */
  static final int HISTORY = 50;

  /**
   * An order's units held here. {@code holdId} names the reserve attempt that wrote it (the reservation records the
   * id of its holds, so a hold written by a repeated reserve that lost is told apart); {@code at} is when it was
   * written. Both are null on holds written before they existed.
   */
  public record Hold(String orderId, int quantity, String holdId, Instant at) {
  }

  public record Adjustment(String id, long delta, String reason, String by, Instant at, long availableAfter) {

    public JsonObject toJson() {
      return new JsonObject().put("id", id).put("delta", delta).put("reason", reason).put("by", by)
          .put("at", at.toString()).put("availableAfter", availableAfter);
    }
  }

  public Stock {
    holds = List.copyOf(holds);
    adjustments = List.copyOf(adjustments);
  }

  static Stock absent(String productId) {
    return new Stock(productId, 0, 0, List.of(), 0, 0, List.of(), 0);
  }

  public boolean exists() {
    return version > 0;
  }

  /** Holds {@code quantity} for the order; empty if it already holds; refuses when the product or stock is missing. */
  Optional<Stock> hold(String orderId, int quantity, String holdId, Instant at) {
    if (!exists()) {
      throw CatalogError.UNKNOWN_PRODUCT.exception("no stock record for product " + productId);
    }
    if (holdOf(orderId).isPresent()) {
      return Optional.empty();
    }
    if (available < quantity) {
      throw CatalogError.OUT_OF_STOCK.exception(productId + " has " + available + " available, " + quantity + " asked");
    }
    List<Hold> more = new ArrayList<>(holds);
    more.add(new Hold(orderId, quantity, holdId, at));
    return Optional.of(new Stock(productId, available - quantity, reserved + quantity, more, unitsSold, ordersSold, adjustments,
        version));
  }

  /** Gives the order's hold {@code holdId} back to {@code available}; empty when there is no such hold. */
  Optional<Stock> release(String orderId, String holdId) {
    return holdOf(orderId, holdId).map(hold -> new Stock(productId, available + hold.quantity(), reserved - hold.quantity(),
        without(orderId), unitsSold, ordersSold, adjustments, version));
  }

  /**
   * The order's hold {@code holdId} leaves the warehouse, sold; empty when there is no such hold. The sale is counted in
   * the write that removes the hold, so a repeated or racing commit, which finds no hold, counts nothing more.
   */
  Optional<Stock> commit(String orderId, String holdId) {
    return holdOf(orderId, holdId).map(hold -> new Stock(productId, available, reserved - hold.quantity(), without(orderId),
        unitsSold + hold.quantity(), ordersSold + 1, adjustments, version));
  }

  /** Adds (or removes) stock by hand; 409-style refusal when it would take {@code available} below zero. */
  public Stock adjust(Adjustment adjustment) {
    long after = available + adjustment.delta();
    if (after < 0) {
      throw new InsufficientStockException(productId, available);
    }
    List<Adjustment> history = new ArrayList<>(adjustments);
    history.add(new Adjustment(adjustment.id(), adjustment.delta(), adjustment.reason(), adjustment.by(), adjustment.at(), after));
    List<Adjustment> kept = history.subList(Math.max(0, history.size() - HISTORY), history.size());
    return new Stock(productId, after, reserved, holds, unitsSold, ordersSold, kept, version);
  }

  Stock withVersion(long newVersion) {
    return new Stock(productId, available, reserved, holds, unitsSold, ordersSold, adjustments, newVersion);
  }

  Optional<Hold> holdOf(String orderId) {
    return holds.stream().filter(hold -> hold.orderId().equals(orderId)).findFirst();
  }

  private Optional<Hold> holdOf(String orderId, String holdId) {
    return holdOf(orderId).filter(hold -> Objects.equals(hold.holdId(), holdId));
  }

  private List<Hold> without(String orderId) {
    return holds.stream().filter(hold -> !hold.orderId().equals(orderId)).toList();
  }

  /** The state fields a write sets; {@code version} is the repository's. */
  JsonObject stateFields(Instant now) {
    return new JsonObject()
        .put("available", available)
        .put("reserved", reserved)
        .put("holds", new JsonArray(holds.stream().map(Stock::holdDocument).toList()))
        .put("unitsSold", unitsSold)
        .put("ordersSold", ordersSold)
        .put("adjustments", new JsonArray(adjustments.stream().map(a -> new JsonObject()
            .put("id", a.id()).put("delta", a.delta()).put("reason", a.reason()).put("by", a.by())
            .put("at", MongoDates.of(a.at())).put("availableAfter", a.availableAfter())).toList()))
        .put("updatedAt", MongoDates.of(now));
  }

  private static JsonObject holdDocument(Hold hold) {
    JsonObject doc = new JsonObject().put("orderId", hold.orderId()).put("quantity", hold.quantity());
    if (hold.holdId() != null) {
      doc.put("holdId", hold.holdId()).put("at", MongoDates.of(hold.at()));
    }
    return doc;
  }

  static Stock fromDocument(JsonObject doc) {
    List<Hold> holds = doc.getJsonArray("holds", new JsonArray()).stream().map(JsonObject.class::cast)
        .map(h -> new Hold(h.getString("orderId"), h.getInteger("quantity"), h.getString("holdId"), MongoDates.read(h, "at")))
        .toList();
    List<Adjustment> adjustments = doc.getJsonArray("adjustments", new JsonArray()).stream().map(JsonObject.class::cast)
        .map(a -> new Adjustment(a.getString("id"), a.getLong("delta"), a.getString("reason"), a.getString("by"),
            MongoDates.read(a, "at"), a.getLong("availableAfter"))).toList();
    // a record written before sales were counted on it has counted none yet
    return new Stock(doc.getString("_id"), doc.getLong("available"), doc.getLong("reserved"), holds,
        doc.getLong("unitsSold", 0L), doc.getLong("ordersSold", 0L), adjustments, doc.getLong("version"));
  }

  public JsonObject toApi() {
    return new JsonObject().put("productId", productId).put("available", available).put("reserved", reserved);
  }
}
