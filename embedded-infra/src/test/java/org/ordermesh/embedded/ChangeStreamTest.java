package org.ordermesh.embedded;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class ChangeStreamTest {

  // the watch opens its server cursor asynchronously, so inserts repeat until one is seen
  private static final long INSERT_EVERY_MILLIS = 100;

  private EmbeddedMongo mongo;
  private MongoClient client;

  @BeforeEach
  void start(Vertx vertx) {
    mongo = SharedInfra.startPrivateMongo();
    client = MongoClient.create(vertx, new JsonObject()
        .put("connection_string", mongo.connectionString()).put("db_name", "orders"));
  }

  @AfterEach
  void stop() {
    Await.result(client.close());
    mongo.close();
  }

  @Test
  @Timeout(value = 15, timeUnit = TimeUnit.SECONDS)
  @DisplayName("a change stream sees a document inserted into the watched collection")
  void changeStreamSeesInsert(Vertx vertx, VertxTestContext test) {
    AtomicInteger inserted = new AtomicInteger();
    client.watch("orders", new JsonArray(), true, 1)
        .exceptionHandler(test::failNow)
        .handler(change -> test.verify(() -> {
          assertThat(change.getOperationType().getValue()).isEqualTo("insert");
          assertThat(change.getFullDocument().getString("status")).isEqualTo("PENDING");
          test.completeNow();
        }));
    vertx.setPeriodic(0, INSERT_EVERY_MILLIS, timer -> client
        .insert("orders", new JsonObject().put("_id", "order-" + inserted.incrementAndGet()).put("status", "PENDING"))
        .onFailure(test::failNow));
  }

  @Test
  @Timeout(value = 15, timeUnit = TimeUnit.SECONDS)
  @DisplayName("a change stream sees a document changed by findAndModify, as an update of that document")
  void changeStreamSeesFindAndModify(Vertx vertx, VertxTestContext test) {
    AtomicInteger inserted = new AtomicInteger();
    client.watch("orders", new JsonArray().add(new JsonObject().put("$match", new JsonObject().put("operationType", "update"))), true, 1)
        .exceptionHandler(test::failNow)
        .handler(change -> test.verify(() -> {
          assertThat(change.getFullDocument().getString("status")).isEqualTo("CONFIRMED");
          test.completeNow();
        }));
    vertx.setPeriodic(0, INSERT_EVERY_MILLIS, timer -> {
      String id = "order-" + inserted.incrementAndGet();
      client.insert("orders", new JsonObject().put("_id", id).put("status", "PENDING"))
          .compose(v -> client.findOneAndUpdate("orders", new JsonObject().put("_id", id),
              new JsonObject().put("$set", new JsonObject().put("status", "CONFIRMED"))))
          .onFailure(test::failNow);
    });
  }
}
