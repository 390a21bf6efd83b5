package org.ordermesh.order.order;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ordermesh.order.saga.SagaLeases;
import org.ordermesh.platform.http.page.Cursor;
import org.ordermesh.platform.http.page.CursorQuery;
import org.ordermesh.platform.http.page.PageRequest;
import org.ordermesh.platform.mongo.MongoDates;
import org.ordermesh.platform.outbox.Outbox;
import org.ordermesh.platform.outbox.OutboxIndex;
import org.ordermesh.platform.testing.QueryPlans;
import org.ordermesh.platform.testing.QueryPlans.Query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The order service's list, report and lease queries, as they are sent, each served by an index in index
 * order (explain). Runs against a real MongoDB given MONGO_URI.
 */
@ExtendWith(VertxExtension.class)
class OrderQueryPlansTest {

  private static final String SORT_FIELD = "createdAt";
  private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

  private MongoClient mongo;

  @BeforeEach
  void indexes(Vertx vertx) throws Exception {
    mongo = QueryPlans.client(vertx);
    new OrderRepository(mongo).ensureIndexes().await(30, TimeUnit.SECONDS);
    new SagaLeases(mongo).ensureIndexes().await(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() throws Exception {
    mongo.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("the order lists (a customer's, by status, an admin's; first and next pages) read their indexes in order")
  void listsUseIndexes() {
    List<Query> queries = new ArrayList<>();
    List<JsonObject> filters = List.of(
        new JsonObject().put("customerId", "c-1"),
        new JsonObject().put("customerId", "c-1").put("status", "CONFIRMED"),
        new JsonObject().put("status", "PENDING"),
        new JsonObject());
    for (JsonObject filter : filters) {
      for (PageRequest page : List.of(new PageRequest(20, null), new PageRequest(20, new Cursor(SORT_FIELD, MongoDates.of(AT), "o-1")))) {
        queries.add(Query.find(filter.encode() + (page.cursor() == null ? " first page" : " next page"), OrderRepository.COLLECTION,
            CursorQuery.filter(filter, SORT_FIELD, false, page.cursor()), CursorQuery.findOptions(SORT_FIELD, false, page)));
      }
    }

    QueryPlans.assertServedByIndexes(mongo, queries);
  }

  @Test
  @DisplayName("the admin's list of orders waiting for an operator (both pages) reads the partial attention index; the relay's look, outbox_pending")
  void attentionAndPendingEventsUsePartialIndexes() {
    JsonObject waiting = new JsonObject().put("attention.since", new JsonObject().put("$exists", true));
    List<Query> queries = new ArrayList<>();
    for (PageRequest page : List.of(new PageRequest(20, null), new PageRequest(20, new Cursor(SORT_FIELD, MongoDates.of(AT), "o-1")))) {
      queries.add(Query.find("attention" + (page.cursor() == null ? " first page" : " next page"), OrderRepository.COLLECTION,
          CursorQuery.filter(waiting, SORT_FIELD, false, page.cursor()), CursorQuery.findOptions(SORT_FIELD, false, page))
          .reading(OrderRepository.NEEDING_ATTENTION));
    }
    queries.add(Query.find("pending events", OrderRepository.COLLECTION,
        new JsonObject().put(Outbox.FIELD + ".0", new JsonObject().put("$exists", true)), new FindOptions().setLimit(500))
        .reading(OutboxIndex.NAME));

    QueryPlans.assertServedByIndexes(mongo, queries);
  }

  @Test
  @DisplayName("the sales report's $match, a transition and the look for lapsed leases read their indexes")
  void reportTransitionAndLeasesUseIndexes() {
    JsonObject confirmedInRange = new JsonObject().put("status", "CONFIRMED")
        .put("confirmedAt", new JsonObject().put("$gte", MongoDates.of(AT)).put("$lt", MongoDates.of(AT.plusSeconds(86_400))));

    QueryPlans.assertServedByIndexes(mongo, List.of(
        Query.aggregate("sales report", OrderRepository.COLLECTION, new JsonArray()
            .add(new JsonObject().put("$match", confirmedInRange))
            .add(new JsonObject().put("$group", new JsonObject().put("_id", "$confirmedDay").put("orders", new JsonObject().put("$sum", 1))))),
        Query.update("transition", OrderRepository.COLLECTION, new JsonObject().put("_id", "o-1").put("version", 4)),
        Query.find("lapsed leases", "saga_leases", new JsonObject().put("expiresAt", new JsonObject().put("$lt", MongoDates.of(AT))),
            new FindOptions().setLimit(50))));
  }
}
