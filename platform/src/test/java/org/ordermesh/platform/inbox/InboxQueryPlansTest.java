package org.ordermesh.platform.inbox;

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
import org.ordermesh.platform.testing.QueryPlans;
import org.ordermesh.platform.testing.QueryPlans.Query;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Kafka inbox's queries as {@link ProcessedEvents} sends them, each a lookup of {@code <group>/<event id>}
 * by {@code _id} (explain). Runs against a real MongoDB given MONGO_URI.
 */
@ExtendWith(VertxExtension.class)
class InboxQueryPlansTest {

  private MongoClient mongo;

  @BeforeEach
  void indexes(Vertx vertx) throws Exception {
    mongo = QueryPlans.client(vertx);
    new ProcessedEvents(mongo, InboxSettings.of("order.events.v1", "orders")).ensureIndexes().await(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() throws Exception {
    mongo.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("whether an event was processed, and the replace that records a replayed one, read _id")
  void inboxQueriesReadTheId() {
    JsonObject processed = new JsonObject().put("_id", "orders/evt-1").put("outcome", ProcessedEvents.PROCESSED);

    QueryPlans.assertServedByIndexes(mongo, List.of(
        Query.find("processed?", ProcessedEvents.COLLECTION, processed, new FindOptions().setLimit(1)
            .setFields(new JsonObject().put("_id", 1))).reading("_id_"),
        Query.update("record a replay", ProcessedEvents.COLLECTION, new JsonObject().put("_id", "orders/evt-1")).reading("_id_")));
  }
}
