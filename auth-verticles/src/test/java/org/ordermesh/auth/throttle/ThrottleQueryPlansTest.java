package org.ordermesh.auth.throttle;

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
import org.ordermesh.platform.testing.QueryPlans;
import org.ordermesh.platform.testing.QueryPlans.Query;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The login throttle's queries as {@link FailureCounter} sends them, each finding its window by {@code _id}
 * (explain). Runs against a real MongoDB given MONGO_URI.
 */
@ExtendWith(VertxExtension.class)
class ThrottleQueryPlansTest {

  private static final String COLLECTION = "login_failures";
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private MongoClient mongo;

  @BeforeEach
  void indexes(Vertx vertx) throws Exception {
    mongo = QueryPlans.client(vertx);
    new FailureCounter(mongo).ensureIndexes().await(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() throws Exception {
    mongo.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("taking a slot, reading and restarting a window, giving a slot back and clearing read the key's _id")
  void throttleQueriesUseTheKey() {
    String key = "account:ada@example.com";
    JsonObject slotFree = new JsonObject().put("_id", key).put("failures", new JsonObject().put("$lt", 5))
        .put("windowStart", new JsonObject().put("$gt", MongoDates.of(NOW.minusSeconds(900))));

    QueryPlans.assertServedByIndexes(mongo, List.of(
        Query.findAndModify("take a slot", COLLECTION, slotFree).reading("_id_"),
        Query.find("read the window", COLLECTION, new JsonObject().put("_id", key), new FindOptions().setLimit(1)).reading("_id_"),
        Query.update("restart the window", COLLECTION, new JsonObject().put("_id", key).put("windowStart", MongoDates.of(NOW)))
            .reading("_id_"),
        Query.update("give a slot back", COLLECTION, new JsonObject().put("_id", key).put("failures", new JsonObject().put("$gt", 0)))
            .reading("_id_"),
        Query.delete("clear", COLLECTION, new JsonObject().put("_id", key)).reading("_id_")));
  }
}
