package org.ordermesh.catalog.inventory;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ordermesh.platform.mongo.MongoDates;
import org.ordermesh.platform.outbox.Outbox;
import org.ordermesh.platform.outbox.OutboxIndex;
import org.ordermesh.platform.testing.QueryPlans;
import org.ordermesh.platform.testing.QueryPlans.Query;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The inventory's queries as {@link InventoryRepository} and {@link ReservationRepository} send them (stock, holds,
 * reservations and their tombstones), each served by its index (explain). Runs against a real MongoDB given
 * MONGO_URI. The inventory report reads every stock record by design and is not listed.
 */
@ExtendWith(VertxExtension.class)
class InventoryQueryPlansTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private MongoClient mongo;

  @BeforeEach
  void indexes(Vertx vertx) throws Exception {
    mongo = QueryPlans.client(vertx);
    new InventoryRepository(vertx, mongo, 5).ensureIndexes().await(30, TimeUnit.SECONDS);
    new ReservationRepository(mongo, Duration.ofHours(168)).ensureIndexes().await(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() throws Exception {
    mongo.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("a product's stock, its conditional write, the hold check and the relay's look for stock events read their indexes")
  void stockQueriesUseIndexes() {
    QueryPlans.assertServedByIndexes(mongo, List.of(
        Query.find("stock", InventoryRepository.COLLECTION, new JsonObject().put("_id", "demo-mug"),
            new FindOptions().setLimit(1).setFields(Outbox.hidden())).reading("_id_"),
        Query.update("stock write", InventoryRepository.COLLECTION, new JsonObject().put("_id", "demo-mug").put("version", 41))
            .reading("_id_"),
        Query.find("held since", InventoryRepository.COLLECTION,
            new JsonObject().put("holds.at", new JsonObject().put("$lt", MongoDates.of(NOW))),
            new FindOptions().setFields(Outbox.hidden())).reading(InventoryRepository.HELD_SINCE),
        Query.find("pending stock events", InventoryRepository.COLLECTION,
            new JsonObject().put(Outbox.FIELD + ".0", new JsonObject().put("$exists", true)), new FindOptions().setLimit(500))
            .reading(OutboxIndex.NAME)));
  }

  @Test
  @DisplayName("a reservation or tombstone by order, a transition and the sweeper's due query read their indexes")
  void reservationQueriesUseIndexes() {
    JsonObject due = new JsonObject().put("due", new JsonObject().put("$lte", MongoDates.of(NOW)));

    QueryPlans.assertServedByIndexes(mongo, List.of(
        Query.find("by order", ReservationRepository.COLLECTION, new JsonObject().put("_id", "order-1"), new FindOptions().setLimit(1))
            .reading("_id_"),
        Query.update("transition", ReservationRepository.COLLECTION, new JsonObject().put("_id", "order-1").put("version", 3))
            .reading("_id_"),
        Query.find("due", ReservationRepository.COLLECTION, due, new FindOptions().setSort(new JsonObject().put("due", 1)).setLimit(100))
            .reading("reservations_due")));
  }
}
