package org.ordermesh.catalog.inventory;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.ordermesh.catalog.CatalogService;
import org.ordermesh.catalog.api.CatalogError;
import org.ordermesh.platform.mongo.IndexDeclaration;
import org.ordermesh.platform.mongo.MongoErrors;
import org.ordermesh.platform.mongo.MongoRepository;
import org.ordermesh.platform.outbox.Outbox;
import org.ordermesh.platform.outbox.OutboxEvent;

/**
 * Stock documents, {@code _id} = product id. Every stock move reads the document by {@code _id}, decides in
 * {@link Stock}, and writes with one update filtered by {@code {_id, version}}: equality on exactly the fields of
 * the unique index {@code inventory_id_version}, the only shape the embedded store serves from an index (a range
 * guard such as {@code available >= q} would scan the collection there). A lost race re-reads and decides again,
 * so {@code available} never goes below zero whatever the concurrency. The events a move causes ({@link StockEvents})
 * are pushed to the document's outbox by that same update; reads leave the outbox out.
 */
public final class InventoryRepository extends MongoRepository {

  public static final String COLLECTION = "inventory";
  private static final int MAX_ATTEMPTS = 50;

  private final KeyedSequencer perProduct = new KeyedSequencer();
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
    return find(productId).compose(current -> {
      Optional<Stock> next = change.apply(current);
      if (next.isEmpty()) {
        return Future.succeededFuture(current);
      }
      return save(current, next.get()).compose(saved -> saved
          ? Future.succeededFuture(next.get().withVersion(current.version() + 1))
          : attempt(productId, change, attempt + 1));
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
