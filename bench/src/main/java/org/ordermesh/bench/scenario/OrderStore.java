package org.ordermesh.bench.scenario;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The per-order data in the embedded store of a node the harness started, reached through its Mongo port:
 * counted, and deleted so a warm-up's orders leave nothing behind in the store that is measured next.
 */
final class OrderStore implements AutoCloseable {

  private static final String ORDERS_DB = "ordermesh_order";
  private static final String ORDERS = "orders";
  private static final long TIMEOUT_SECONDS = 300;

  /**
   * What grows with orders, by database, as the repositories name it: orders, their idempotency keys and saga
   * leases; payments and the card provider's authorizations; stock reservations; and each service's inbox of
   * handled refund events (a TTL forgets those anyway; the only Kafka inbox). Products, stock, users, tokens,
   * signing keys and the relays' resume tokens and leases stay.
   */
  static final Map<String, List<String>> PER_ORDER = perOrder();

  private final Map<String, MongoClient> databases = new LinkedHashMap<>();

  OrderStore(Vertx vertx, String mongoUri) {
    PER_ORDER.keySet().forEach(db -> databases.put(db, MongoClient.create(vertx,
        new JsonObject().put("connection_string", mongoUri).put("db_name", db))));
  }

  /** The orders stored now, waited for (not on an event loop). */
  long orders() {
    return await(countOrders());
  }

  /** The orders stored when the count runs. */
  Future<Long> countOrders() {
    return documents(databases.get(ORDERS_DB), ORDERS);
  }

  /**
   * The {@code count} command with no query, which the store answers from the collection's size. Not
   * {@code countDocuments} (vertx-mongo-client's {@code count}): that is an aggregation reading every document,
   * and on the embedded store it holds the collection's writers for the whole scan (several seconds at 100,000
   * orders), so the harness would stall the sagas it measures.
   */
  private static Future<Long> documents(MongoClient database, String collection) {
    return database.runCommand("count", new JsonObject().put("count", collection))
        .map(answer -> answer.getNumber("n").longValue());
  }

  /**
   * Deletes every document of the per-order collections (their indexes stay) and checks that no order is left;
   * answers how many went, by {@code database.collection}.
   */
  JsonObject deleteAll() {
    JsonObject deleted = new JsonObject();
    PER_ORDER.forEach((db, collections) -> collections.forEach(collection -> deleted.put(db + "." + collection,
        await(databases.get(db).removeDocuments(collection, new JsonObject())).getRemovedCount())));
    long left = orders();
    if (left != 0) {
      throw new IllegalStateException(left + " orders still stored after deleting them all");
    }
    return deleted;
  }

  /** The documents of every other collection of these databases, by {@code database.collection}: what stays. */
  JsonObject kept() {
    JsonObject kept = new JsonObject();
    databases.forEach((db, mongo) -> await(mongo.getCollections()).stream().sorted()
        .filter(collection -> !PER_ORDER.get(db).contains(collection))
        .forEach(collection -> kept.put(db + "." + collection, await(documents(mongo, collection)))));
    return kept;
  }

  @Override
  public void close() {
    databases.values().forEach(MongoClient::close);
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the node's store did not answer within " + TIMEOUT_SECONDS + " s", e);
    }
  }

  private static Map<String, List<String>> perOrder() {
    Map<String, List<String>> perOrder = new LinkedHashMap<>();
    perOrder.put(ORDERS_DB, List.of(ORDERS, "idempotency_keys", "saga_leases", "inbox"));
    perOrder.put("ordermesh_payment", List.of("payments"));
    perOrder.put("ordermesh_cardprovider", List.of("authorizations"));
    perOrder.put("ordermesh_catalog", List.of("reservations"));
    return perOrder;
  }
}
