package org.ordermesh.catalog.sales;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.time.Instant;
import java.util.List;
import org.ordermesh.catalog.LastKnown;
import org.ordermesh.catalog.MongoDates;
import org.ordermesh.platform.mongo.IndexDeclaration;
import org.ordermesh.platform.mongo.MongoErrors;
import org.ordermesh.platform.mongo.MongoRepository;

/**
 * Units sold per product, one document each: {@code {_id: productId, unitsSold, orders, recentOrders, version,
 * updatedAt}}. Counting an order is idempotent by itself, because the inbox records an event only after its
 * handler succeeded and replays it after a crash in between: the ids of the orders counted last are kept on the
 * document, and an order found there is not counted again. Writes are filtered by {@code {_id, version}} (the
 * unique index the embedded store serves) and start from the document as this repository last wrote or read it,
 * so counting usually costs one update; a lost race (another node counted) re-reads by {@code _id}.
 */
public final class SalesRepository extends MongoRepository {

  public static final String COLLECTION = "sales";
  /**
   * Order ids kept per product. A replay follows its first run by a rebalance at most (under a minute), and would
   * have to come after 200 later orders of the same product to be counted twice.
   */
  static final int RECENT_ORDERS = 200;
  private static final int MAX_ATTEMPTS = 20;
  private static final int KNOWN_PRODUCTS = 10_000;

  private final LastKnown<JsonObject> lastKnown = new LastKnown<>(KNOWN_PRODUCTS);

  public SalesRepository(MongoClient mongo) {
    super(mongo, COLLECTION);
  }

  @Override
  protected List<IndexDeclaration> indexes() {
    return List.of(IndexDeclaration.idAndVersion("sales_id_version"));
  }

  /** Adds the order's units of the product, once per (order, product) however often it is called. */
  public Future<Void> count(String productId, String orderId, long units) {
    return attempt(productId, orderId, units, 1);
  }

  private Future<Void> attempt(String productId, String orderId, long units, int attempt) {
    if (attempt > MAX_ATTEMPTS) {
      return Future.failedFuture(new IllegalStateException("the sales count of " + productId + " is too contended"));
    }
    // an order id on a version once written stays counted, so even a stale document may answer "counted already"
    Future<JsonObject> current = attempt == 1 && lastKnown.get(productId).isPresent()
        ? Future.succeededFuture(lastKnown.get(productId).get())
        : mongo.findOne(COLLECTION, new JsonObject().put("_id", productId), null);
    return current
        .compose(doc -> doc == null ? insertFirst(productId, orderId, units) : addTo(doc, orderId, units))
        .compose(written -> {
          if (written) {
            return Future.<Void>succeededFuture();
          }
          lastKnown.forget(productId);
          return attempt(productId, orderId, units, attempt + 1);
        });
  }

  // false when another writer created it first
  private Future<Boolean> insertFirst(String productId, String orderId, long units) {
    JsonObject doc = new JsonObject().put("_id", productId).put("unitsSold", units).put("orders", 1)
        .put("recentOrders", new JsonArray().add(orderId)).put("version", 1).put("updatedAt", MongoDates.of(Instant.now()));
    return mongo.insert(COLLECTION, doc.copy()).map(true)
        .onSuccess(inserted -> lastKnown.put(productId, doc))
        .recover(failure -> MongoErrors.isDuplicateKey(failure) ? Future.succeededFuture(false) : Future.failedFuture(failure));
  }

  // true when counted now or before; false when another writer moved the document on
  private Future<Boolean> addTo(JsonObject doc, String orderId, long units) {
    JsonArray recent = doc.getJsonArray("recentOrders", new JsonArray()).copy();
    if (recent.contains(orderId)) {
      return Future.succeededFuture(true);
    }
    recent.add(orderId);
    while (recent.size() > RECENT_ORDERS) {
      recent.remove(0);
    }
    String productId = doc.getString("_id");
    long version = doc.getLong("version");
    JsonObject atVersion = new JsonObject().put("_id", productId).put("version", version);
    JsonObject update = new JsonObject()
        .put("$inc", new JsonObject().put("unitsSold", units).put("orders", 1).put("version", 1))
        .put("$set", new JsonObject().put("recentOrders", recent).put("updatedAt", MongoDates.of(Instant.now())));
    return mongo.updateCollection(COLLECTION, atVersion, update).map(result -> {
      boolean counted = result.getDocMatched() == 1;
      if (counted) {
        lastKnown.put(productId, new JsonObject().put("_id", productId)
            .put("unitsSold", doc.getLong("unitsSold", 0L) + units).put("orders", doc.getLong("orders", 0L) + 1)
            .put("recentOrders", recent).put("version", version + 1));
      }
      return counted;
    });
  }
}
