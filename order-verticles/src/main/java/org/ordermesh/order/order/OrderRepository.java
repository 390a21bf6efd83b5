package org.ordermesh.order.order;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import org.ordermesh.platform.mongo.IndexDeclaration;
import org.ordermesh.platform.mongo.MongoErrors;
import org.ordermesh.platform.mongo.MongoRepository;
import org.ordermesh.platform.outbox.Outbox;
import org.ordermesh.platform.outbox.OutboxIndex;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Orders, one document each, holding the order, its saga's progress and its outbox. Every change is
 * one conditional update on {@code (_id, version)}: found by {@code _id}, guarded by the version.
 */
public final class OrderRepository extends MongoRepository {

  public static final String COLLECTION = "orders";
  static final String NEEDING_ATTENTION = "attention_created";

  public OrderRepository(MongoClient mongo) {
    super(mongo, COLLECTION);
  }

  @Override
  protected List<IndexDeclaration> indexes() {
    return List.of(
      OutboxIndex.pending(),
      // a customer's own list, newest first, optionally by status
      IndexDeclaration.of("customer_created", new JsonObject().put("customerId", 1).put("createdAt", -1).put("_id", -1)),
      IndexDeclaration.of("customer_status_created", new JsonObject().put("customerId", 1).put("status", 1)
        .put("createdAt", -1).put("_id", -1)),
      // an admin's list by status, and the sales report's range of confirmed orders
      IndexDeclaration.of("status_created", new JsonObject().put("status", 1).put("createdAt", -1).put("_id", -1)),
      IndexDeclaration.of("created", new JsonObject().put("createdAt", -1).put("_id", -1)),
      IndexDeclaration.of("status_confirmed", new JsonObject().put("status", 1).put("confirmedAt", 1)),
      // an admin's list of the orders waiting for an operator, newest first: partial, so only those have entries
      new IndexDeclaration(NEEDING_ATTENTION, new JsonObject().put("createdAt", -1).put("_id", -1), new IndexOptions()
        .name(NEEDING_ATTENTION).partialFilterExpression(new JsonObject().put("attention.since", new JsonObject().put("$exists", true)))));
  }

  /** Inserts a new order; false when an order with this id exists already (a retried placement). */
  public Future<Boolean> insert(Order order) {
    return mongo.insert(COLLECTION, order.document()).map(id -> true)
      .recover(error -> MongoErrors.isDuplicateKey(error) ? Future.succeededFuture(false) : Future.failedFuture(error));
  }

  public Future<Optional<Order>> findById(String id) {
    return mongo.findOne(COLLECTION, new JsonObject().put("_id", id), Outbox.hidden())
      .map(doc -> Optional.ofNullable(doc).map(Order::fromDocument));
  }

  /**
   * Writes {@code update} if the order is still at the version it was read at, and returns the order
   * as written, its outbox included (for the relay's nudge); empty when someone else changed it first.
   */
  public Future<Optional<Order>> apply(Order order, OrderUpdate update) {
    var filter = new JsonObject().put("_id", order.id()).put("version", order.version());
    return mongo.findOneAndUpdateWithOptions(COLLECTION, filter, update.toMongoUpdate(),
        new FindOptions(), new UpdateOptions().setReturningNewDocument(true))
      .map(doc -> Optional.ofNullable(doc).map(Order::fromDocument));
  }

  /** {@code update} as a bulk operation, conditional on the version the order was read at like {@link #apply}. */
  public BulkOperation conditionalUpdate(Order order, OrderUpdate update) {
    return BulkOperation.createUpdate(new JsonObject().put("_id", order.id()).put("version", order.version()),
      update.toMongoUpdate());
  }

  public Future<List<JsonObject>> find(JsonObject query, FindOptions options) {
    return mongo.findWithOptions(COLLECTION, query, options.setFields(Outbox.hidden()));
  }

  public Future<List<JsonObject>> aggregate(JsonArray pipeline) {
    return mongo.aggregate(COLLECTION, pipeline).collect(Collectors.toList());
  }
}
