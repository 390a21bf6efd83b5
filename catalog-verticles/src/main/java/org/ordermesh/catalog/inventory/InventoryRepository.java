package org.ordermesh.catalog.inventory;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.ordermesh.catalog.CatalogService;
import org.ordermesh.catalog.LastKnown;
import org.ordermesh.catalog.api.CatalogError;
import org.ordermesh.platform.mongo.IndexDeclaration;
import org.ordermesh.platform.mongo.MongoDates;
import org.ordermesh.platform.mongo.MongoErrors;
import org.ordermesh.platform.mongo.MongoRepository;
import org.ordermesh.platform.outbox.Outbox;
import org.ordermesh.platform.outbox.OutboxIndex;
import org.ordermesh.platform.outbox.OutboxEvent;

/**
 * Stock documents, {@code _id} = product id. Every write decides in {@link Stock} on the document's last known
 * state and writes with one update filtered by {@code {_id, version}} (found by {@code _id}, guarded by the
 * version), so the decision, not the filter, carries the rules ({@code available} never below zero).
 *
 * <p>Group commit per product, as the embedded store commits its writes: while one write of a product's stock is in
 * flight, the changes that arrive for it wait; when it is answered, all of them are decided one after another on the
 * state it wrote and go in ONE conditional update, and each is then answered with its own outcome (a refusal leaves
 * the state to the next change as it was). A flash sale then costs one store round trip per batch, not per order.
 * The last known state is the one this repository last wrote or read (current unless another verticle or node moved
 * the stock); a write at a stale version matches nothing and the whole batch re-reads and decides again, so
 * {@code available} never goes below zero whatever the concurrency. A batch that would write nothing (only refusals
 * and no-ops) is only concluded from a fresh read; in a batch that writes, the matched version proves them. No
 * change is answered before the write that holds it is acknowledged. The events a batch causes ({@link StockEvents},
 * before against after) are pushed to the document's outbox by that same update; reads leave the outbox out.
 * Used on one Vert.x context.
 */
public final class InventoryRepository extends MongoRepository {

  public static final String COLLECTION = "inventory";
  static final String HELD_SINCE = "inventory_held_since";
  private static final int MAX_ATTEMPTS = 50;
  private static final int KNOWN_PRODUCTS = 10_000;
  /** Changes decided and written together at most; bounds the event loop's time deciding one batch. */
  private static final int MAX_BATCH = 256;

  /** Per product with a write in flight: the changes waiting for the next one, in arrival order. */
  private final Map<String, ArrayDeque<Move>> waiting = new HashMap<>();
  private final LastKnown<Stock> lastKnown = new LastKnown<>(KNOWN_PRODUCTS);
  private final Vertx vertx;
  private final int lowStockThreshold;

  /** {@code lowStockThreshold}: a move that takes {@code available} from above it to or under it publishes StockLow. */
  public InventoryRepository(Vertx vertx, MongoClient mongo, int lowStockThreshold) {
    super(mongo, COLLECTION);
    this.vertx = vertx;
    this.lowStockThreshold = lowStockThreshold;
  }

  @Override
  protected List<IndexDeclaration> indexes() {
    return List.of(
        OutboxIndex.pending(),
        // the sweeper's hold check; partial: only stock documents holding something have entries
        new IndexDeclaration(HELD_SINCE, new JsonObject().put("holds.at", 1), new IndexOptions().name(HELD_SINCE)
            .partialFilterExpression(new JsonObject().put("holds.at", new JsonObject().put("$exists", true)))));
  }

  /** The product's stock; version 0 (nothing available) when it has no document yet. */
  public Future<Stock> find(String productId) {
    return mongo.findOne(COLLECTION, new JsonObject().put("_id", productId), Outbox.hidden())
        .map(doc -> doc == null ? Stock.absent(productId) : Stock.fromDocument(doc));
  }

  /** Stock records holding some order's units since before {@code cutoff} (the sweeper's check, on {@code inventory_held_since}). */
  public Future<List<Stock>> heldSince(Instant cutoff) {
    JsonObject old = new JsonObject().put("holds.at", new JsonObject().put("$lt", MongoDates.of(cutoff)));
    return mongo.findWithOptions(COLLECTION, old, new FindOptions().setFields(Outbox.hidden()))
        .map(docs -> docs.stream().map(Stock::fromDocument).toList());
  }

  /** Creates an empty stock record for a new product; one that exists already is left alone. */
  public Future<Void> createEmpty(String productId, Instant now) {
    JsonObject doc = Stock.absent(productId).stateFields(now).put("_id", productId).put("version", 1);
    return mongo.insert(COLLECTION, doc)
        .<Void>mapEmpty()
        .recover(failure -> MongoErrors.isDuplicateKey(failure) ? Future.succeededFuture() : Future.failedFuture(failure));
  }

  /**
   * Applies {@code change} to the product's current stock and stores the result; the stock as this change left it
   * (with the version written), or the change's refusal. Changes that arrive while a write of the product's stock is
   * in flight wait and go together in the next write, whatever their number.
   */
  public Future<Stock> change(String productId, Function<Stock, Optional<Stock>> change) {
    Move move = new Move(change, Promise.promise());
    ArrayDeque<Move> queue = waiting.get(productId);
    if (queue != null) {
      queue.add(move);
    } else {
      waiting.put(productId, new ArrayDeque<>());
      writeBatch(productId, List.of(move));
    }
    return move.answer().future();
  }

  private void writeBatch(String productId, List<Move> batch) {
    Future<Void> written;
    try {
      written = attempt(productId, batch, 1);
    } catch (RuntimeException e) {
      written = Future.failedFuture(e);
    }
    written.onComplete(done -> {
      if (done.failed()) {
        batch.forEach(move -> move.answer().tryFail(done.cause()));
      }
      ArrayDeque<Move> queue = waiting.get(productId);
      if (queue.isEmpty()) {
        waiting.remove(productId);
        return;
      }
      List<Move> next = new ArrayList<>(Math.min(queue.size(), MAX_BATCH));
      while (!queue.isEmpty() && next.size() < MAX_BATCH) {
        next.add(queue.poll());
      }
      writeBatch(productId, next);
    });
  }

  private Future<Void> attempt(String productId, List<Move> batch, int attempt) {
    if (attempt > MAX_ATTEMPTS) {
      return Future.failedFuture(CatalogError.STORE_UNAVAILABLE.exception("stock of " + productId + " is too contended"));
    }
    Optional<Stock> known = attempt == 1 ? lastKnown.get(productId) : Optional.empty();
    if (known.isPresent()) {
      Batch decided = Batch.decide(known.get(), batch);
      // only a write proves the remembered state current; refusals and no-ops alone are decided on a fresh read
      if (decided.changes()) {
        return write(decided, batch, attempt);
      }
    }
    return find(productId).compose(current -> {
      if (current.exists()) {
        lastKnown.put(productId, current);
      }
      Batch decided = Batch.decide(current, batch);
      if (!decided.changes()) {
        decided.answer(batch, current.version());
        return Future.succeededFuture();
      }
      return write(decided, batch, attempt);
    });
  }

  private Future<Void> write(Batch decided, List<Move> batch, int attempt) {
    String productId = decided.before().productId();
    return save(decided.before(), decided.after()).compose(saved -> {
      if (!saved) {
        lastKnown.forget(productId);
        return attempt(productId, batch, attempt + 1);
      }
      long version = decided.before().version() + 1;
      lastKnown.put(productId, decided.after().withVersion(version));
      decided.answer(batch, version);
      return Future.succeededFuture();
    });
  }

  /** One stock change waiting for its write, and its answer. */
  private record Move(Function<Stock, Optional<Stock>> change, Promise<Stock> answer) {
  }

  /**
   * A batch's changes decided one after another from one state: each change's outcome (the state it left, or its
   * refusal, which leaves the state as it was for the next) and the state they all end in, written at once.
   */
  private record Batch(Stock before, Stock after, List<Future<Stock>> outcomes) {

    static Batch decide(Stock before, List<Move> moves) {
      Stock state = before;
      List<Future<Stock>> outcomes = new ArrayList<>(moves.size());
      for (Move move : moves) {
        try {
          Optional<Stock> next = move.change().apply(state);
          if (next.isPresent()) {
            state = next.get();
          }
          outcomes.add(Future.succeededFuture(state));
        } catch (RuntimeException refusal) {
          outcomes.add(Future.failedFuture(refusal));
        }
      }
      return new Batch(before, state, outcomes);
    }

    boolean changes() {
      return after != before;
    }

    void answer(List<Move> moves, long version) {
      for (int i = 0; i < moves.size(); i++) {
        Future<Stock> outcome = outcomes.get(i);
        if (outcome.succeeded()) {
          moves.get(i).answer().tryComplete(outcome.result().withVersion(version));
        } else {
          moves.get(i).answer().tryFail(outcome.cause());
        }
      }
    }
  }

  // false when another writer got there first
  private Future<Boolean> save(Stock current, Stock next) {
    Instant now = Instant.now();
    List<OutboxEvent> events = StockEvents.of(current, next, lowStockThreshold);
    Future<Boolean> saved;
    if (!current.exists()) {
      JsonObject doc = Outbox.attach(next.stateFields(now).put("_id", next.productId()).put("version", 1), events);
      saved = mongo.insert(COLLECTION, doc).map(true)
          .recover(failure -> MongoErrors.isDuplicateKey(failure) ? Future.succeededFuture(false) : Future.failedFuture(failure));
    } else {
      JsonObject atVersion = new JsonObject().put("_id", current.productId()).put("version", current.version());
      JsonObject update = Outbox.push(new JsonObject().put("$set", next.stateFields(now))
          .put("$inc", new JsonObject().put("version", 1)), events);
      saved = mongo.updateCollection(COLLECTION, atVersion, update).map(result -> result.getDocMatched() == 1);
    }
    return saved.onSuccess(written -> {
      if (written && !events.isEmpty()) {
        Outbox.nudge(vertx, CatalogService.NAME, COLLECTION, next.productId());
      }
    });
  }
}
