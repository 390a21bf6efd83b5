package org.ordermesh.catalog.inventory;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.ordermesh.catalog.CatalogService;
import org.ordermesh.catalog.LastKnown;
import org.ordermesh.catalog.api.CatalogError;
import org.ordermesh.platform.mongo.IndexDeclaration;
import org.ordermesh.platform.mongo.KeyedSequencer;
import org.ordermesh.platform.mongo.MongoDates;
import org.ordermesh.platform.mongo.MongoErrors;
import org.ordermesh.platform.mongo.MongoRepository;
import org.ordermesh.platform.outbox.Outbox;
import org.ordermesh.platform.outbox.OutboxEvent;

/**
 * Stock documents, {@code _id} = product id. Every stock move decides in {@link Stock} on the document's last known
 * state and writes with one update filtered by {@code {_id, version}}: equality on exactly the fields of the unique
 * index {@code inventory_id_version}, the only shape the embedded store serves from an index (a range guard such as
 * {@code available >= q} would scan the collection there). The last known state is the one this repository last
 * wrote or read (moves of one product take turns here, so it is current unless another verticle or node moved the
 * stock); a write at a stale version matches nothing and the move re-reads and decides again, so {@code available}
 * never goes below zero whatever the concurrency. A move that would write nothing, or a refusal, is only concluded
 * from a fresh read. The events a move causes ({@link StockEvents}) are pushed to the document's outbox by that same
 * update; reads leave the outbox out.
 */
public final class InventoryRepository extends MongoRepository {

  public static final String COLLECTION = "inventory";
  private static final int MAX_ATTEMPTS = 50;
  private static final int KNOWN_PRODUCTS = 10_000;

  private final KeyedSequencer perProduct = new KeyedSequencer();
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
    return List.of(IndexDeclaration.idAndVersion("inventory_id_version"));
  }

  /** The product's stock; version 0 (nothing available) when it has no document yet. */
  public Future<Stock> find(String productId) {
    return mongo.findOne(COLLECTION, new JsonObject().put("_id", productId), Outbox.hidden())
        .map(doc -> doc == null ? Stock.absent(productId) : Stock.fromDocument(doc));
  }

  /** Stock records holding some order's units since before {@code cutoff} (the sweeper's check; a scan on the embedded store). */
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

  /** Applies {@code change} to the product's current stock and stores the result; the stock as it ends up. */
  public Future<Stock> change(String productId, Function<Stock, Optional<Stock>> change) {
    return perProduct.run(productId, () -> attempt(productId, change, 1));
  }

  private Future<Stock> attempt(String productId, Function<Stock, Optional<Stock>> change, int attempt) {
    if (attempt > MAX_ATTEMPTS) {
      return Future.failedFuture(CatalogError.STORE_UNAVAILABLE.exception("stock of " + productId + " is too contended"));
    }
    Optional<Stock> known = attempt == 1 ? lastKnown.get(productId) : Optional.empty();
    Optional<Stock> next = known.flatMap(stock -> decideOnKnown(stock, change));
    if (next.isPresent()) {
      return write(known.get(), next.get(), change, attempt);
    }
    return find(productId).compose(current -> {
      if (current.exists()) {
        lastKnown.put(productId, current);
      }
      Optional<Stock> fresh = change.apply(current);
      return fresh.isEmpty() ? Future.succeededFuture(current) : write(current, fresh.get(), change, attempt);
    });
  }

  // a refusal or "nothing to do" seen on a remembered state may be stale: the fresh read decides those
  private static Optional<Stock> decideOnKnown(Stock known, Function<Stock, Optional<Stock>> change) {
    try {
      return change.apply(known);
    } catch (RuntimeException refusedOnKnown) {
      return Optional.empty();
    }
  }

  private Future<Stock> write(Stock current, Stock next, Function<Stock, Optional<Stock>> change, int attempt) {
    return save(current, next).compose(saved -> {
      if (!saved) {
        lastKnown.forget(current.productId());
        return attempt(current.productId(), change, attempt + 1);
      }
      Stock written = next.withVersion(current.version() + 1);
      lastKnown.put(written.productId(), written);
      return Future.succeededFuture(written);
    });
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
