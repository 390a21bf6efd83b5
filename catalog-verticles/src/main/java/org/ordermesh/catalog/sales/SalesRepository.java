package org.ordermesh.catalog.sales;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.time.Instant;
import java.util.List;
import org.ordermesh.catalog.MongoDates;
import org.ordermesh.platform.mongo.IndexDeclaration;
import org.ordermesh.platform.mongo.MongoErrors;
import org.ordermesh.platform.mongo.MongoRepository;

/**
 * Units sold per product, one document each: {@code {_id: productId, unitsSold, orders, recentOrders, version,
 * updatedAt}}. Counting an order is idempotent by itself, because the inbox records an event only after its
 * handler succeeded and replays it after a crash in between: the ids of the orders counted last are kept on the
 * document, and an order found there is not counted again. Reads are by {@code _id}, writes filtered by
 * {@code {_id, version}} (the unique index the embedded store serves); a lost race re-reads.
 */
public final class SalesRepository extends MongoRepository {

  public static final String COLLECTION = "sales";
  /**
   * Order ids kept per product. A replay follows its first run by a rebalance at most (under a minute), and would
   * have to come after 200 later orders of the same product to be counted twice.
   */
  static final int RECENT_ORDERS = 200;
  private static final int MAX_ATTEMPTS = 20;

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
    return mongo.findOne(COLLECTION, new JsonObject().put("_id", productId), null)
        .compose(doc -> doc == null ? insertFirst(productId, orderId, units) : addTo(doc, orderId, units))
        .compose(written -> written ? Future.<Void>succeededFuture() : attempt(productId, orderId, units, attempt + 1));
  }

  // false when another writer created it first
  private Future<Boolean> insertFirst(String productId, String orderId, long units) {
    JsonObject doc = new JsonObject().put("_id", productId).put("unitsSold", units).put("orders", 1)
        .put("recentOrders", new JsonArray().add(orderId)).put("version", 1).put("updatedAt", MongoDates.of(Instant.now()));
    return mongo.insert(COLLECTION, doc).map(true)
        .recover(failure -> MongoErrors.isDuplicateKey(failure) ? Future.succeededFuture(false) : Future.failedFuture(failure));
  }

  // true when counted now or before; false when another writer moved the document on
  private Future<Boolean> addTo(JsonObject doc, String orderId, long units) {
    JsonArray recent = doc.getJsonArray("recentOrders", new JsonArray());
    if (recent.contains(orderId)) {
      return Future.succeededFuture(true);
    }
    recent.add(orderId);
    while (recent.size() > RECENT_ORDERS) {
      recent.remove(0);
    }
    JsonObject atVersion = new JsonObject().put("_id", doc.getString("_id")).put("version", doc.getLong("version"));
    JsonObject update = new JsonObject()
        .put("$inc", new JsonObject().put("unitsSold", units).put("orders", 1).put("version", 1))
        .put("$set", new JsonObject().put("recentOrders", recent).put("updatedAt", MongoDates.of(Instant.now())));
    return mongo.updateCollection(COLLECTION, atVersion, update).map(result -> result.getDocMatched() == 1);
  }
}
