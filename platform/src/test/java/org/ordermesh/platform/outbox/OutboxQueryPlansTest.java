package org.ordermesh.platform.outbox;

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
import org.ordermesh.platform.testing.QueryPlans;
import org.ordermesh.platform.testing.QueryPlans.Query;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The outbox relay's queries as it sends them, on an aggregate collection declaring {@link OutboxIndex} as every
 * aggregate repository does, and on its lease; each served by its index (explain). Runs against a real MongoDB
 * given MONGO_URI.
 */
@ExtendWith(VertxExtension.class)
class OutboxQueryPlansTest {

  private MongoClient mongo;

  @BeforeEach
  void indexes(Vertx vertx) throws Exception {
    mongo = QueryPlans.client(vertx);
    var pending = OutboxIndex.pending();
    mongo.createIndexWithOptions(Aggregates.COLLECTION, pending.keys(), pending.options()).await(30, TimeUnit.SECONDS);
    new RelayLease(mongo, "test", "node-1", java.time.Duration.ofSeconds(10)).ensureIndexes().await(30, TimeUnit.SECONDS);
    // some aggregates with pending events and some without, so the partial index has entries to choose from
    new Aggregates(mongo).create("c-1");
    mongo.insert(Aggregates.COLLECTION, new JsonObject().put("_id", "c-2").put("value", 1).put(Outbox.FIELD, new JsonArray()))
        .await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() throws Exception {
    mongo.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("the look for aggregates with pending events reads the partial outbox_pending index")
  void scanReadsThePendingIndex() {
    JsonObject withPending = new JsonObject().put(Outbox.FIELD + ".0", new JsonObject().put("$exists", true));

    QueryPlans.assertServedByIndexes(mongo, List.of(
        Query.find("pending aggregates", Aggregates.COLLECTION, withPending, new FindOptions().setLimit(500)
            .setFields(new JsonObject().put("_id", 1).put(Outbox.FIELD + ".id", 1))).reading(OutboxIndex.NAME)));
  }

  @Test
  @DisplayName("an aggregate's outbox read and the pull of its published events find it by _id; the lease by its _id")
  void passAndLeaseReadTheirIds() {
    JsonObject pull = new JsonObject().put("_id", "c-1");

    QueryPlans.assertServedByIndexes(mongo, List.of(
        Query.find("an aggregate's outbox", Aggregates.COLLECTION, pull, new FindOptions().setLimit(1)).reading("_id_"),
        Query.update("pull the published", Aggregates.COLLECTION, pull).reading("_id_"),
        Query.find("the lease", RelayLease.COLLECTION, new JsonObject().put("_id", "test-relay"), new FindOptions().setLimit(1))
            .reading("_id_"),
        Query.update("renew the lease", RelayLease.COLLECTION, new JsonObject().put("_id", "test-relay").put("version", 3))
            .reading("_id_", "id_version")));
  }
}
