package org.ordermesh.embedded;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.AggregateOptions;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class ChangeStreamTest {

  private static final String HOST = "127.0.0.1";
  // the watch opens its server cursor asynchronously, so inserts repeat until one is seen
  private static final long INSERT_EVERY_MILLIS = 100;
  private static final Duration BOUND = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  @DisplayName("a change stream sees a document inserted into the watched collection")
  void changeStreamSeesInsert(Vertx vertx, VertxTestContext test) {
    EmbeddedMongo mongo = SharedInfra.startPrivateMongo();
    MongoClient client = client(vertx, mongo);
    AtomicInteger inserted = new AtomicInteger();
    AtomicBoolean seen = new AtomicBoolean();
    long inserts = vertx.setPeriodic(0, INSERT_EVERY_MILLIS, timer -> client
        .insert("orders", new JsonObject().put("_id", "order-" + inserted.incrementAndGet()).put("status", "PENDING")));
    // once a change is seen the client closes: a stream or insert failing from that close is not the test's result
    client.watch("orders", new JsonArray(), true, 1)
        .exceptionHandler(failure -> {
          if (!seen.get()) {
            test.failNow(failure);
          }
        })
        .handler(change -> {
          if (!seen.compareAndSet(false, true)) {
            return;
          }
          vertx.cancelTimer(inserts);
          test.verify(() -> {
            assertThat(change.getOperationType().getValue()).isEqualTo("insert");
            assertThat(change.getFullDocument().getString("status")).isEqualTo("PENDING");
            client.close().onComplete(closed -> {
              mongo.close();
              test.completeNow();
            });
          });
        });
  }

  @Test
  @DisplayName("an aggregate that asks for a batch size gets every result, and the store logs no warning for it")
  void aggregateWithBatchSize(Vertx vertx) {
    EmbeddedMongo mongo = SharedInfra.startPrivateMongo();
    MongoClient client = client(vertx, mongo);
    var warnings = new ConcurrentLinkedQueue<String>();
    var aggregationLog = (Logger) LoggerFactory.getLogger(Aggregation.class);
    var appender = new AppenderBase<ILoggingEvent>() {
      @Override
      protected void append(ILoggingEvent event) {
        if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
          warnings.add(event.getFormattedMessage());
        }
      }
    };
    appender.start();
    aggregationLog.addAppender(appender);
    try {
      for (int n = 0; n < 5; n++) {
        Await.result(client.insert("items", new JsonObject().put("_id", "item-" + n).put("n", n)));
      }
      var pipeline = new JsonArray().add(new JsonObject().put("$sort", new JsonObject().put("n", 1)));
      // set up on the stream's context: from the test thread its end could come before its end handler is set
      Promise<List<JsonObject>> collected = Promise.promise();
      vertx.runOnContext(go -> client.aggregateWithOptions("items", pipeline, new AggregateOptions().setBatchSize(2))
        .collect(Collectors.toList()).onComplete(collected));
      List<JsonObject> results = Await.result(collected.future(), BOUND);
      assertThat(results).extracting(item -> item.getInteger("n")).containsExactly(0, 1, 2, 3, 4);
      assertThat(warnings).isEmpty();
    } finally {
      aggregationLog.detachAppender(appender);
      Await.result(client.close());
      mongo.close();
    }
  }

  @Test
  @DisplayName("a stream resumed after a store restart gets, in order, every change after its token, written before and after the restart")
  void resumesAfterStoreRestart(Vertx vertx) {
    JsonObject token;
    int seen;
    int inserted;
    try (EmbeddedMongo mongo = EmbeddedMongo.startFile(dir, HOST, 0)) {
      MongoClient client = client(vertx, mongo);
      ChangeEvents stream = ChangeEvents.open(client, "orders", new JsonObject());
      inserted = Await.result(stream.insertUntilSeen(vertx, client, "orders", "before"), BOUND);
      token = stream.events.get(0).getJsonObject("_id");
      seen = Integer.parseInt(String.valueOf(stream.ids().get(0)).substring("before-".length()));
      stream.close();
      Await.result(client.close());
    }
    try (EmbeddedMongo mongo = EmbeddedMongo.startFile(dir, HOST, 0)) {
      MongoClient client = client(vertx, mongo);
      Await.result(client.insert("orders", new JsonObject().put("_id", "after")));
      ChangeEvents resumed = ChangeEvents.open(client, "orders", new JsonObject().put("resumeAfter", token));
      Await.result(until(vertx, () -> resumed.ids().contains("after")), BOUND);

      List<Object> expected = new ArrayList<>();
      for (int n = seen + 1; n <= inserted; n++) {
        expected.add("before-" + n);
      }
      expected.add("after");
      assertThat(resumed.ids()).isEqualTo(expected);
      resumed.close();
      Await.result(client.close());
    }
  }

  @Test
  @DisplayName("updates, findOneAndUpdate and deletes reach the stream naming their document, the full document looked up on request")
  void updatesNameTheirDocument(Vertx vertx) {
    EmbeddedMongo mongo = SharedInfra.startPrivateMongo();
    MongoClient client = client(vertx, mongo);
    try {
      ChangeEvents stream = ChangeEvents.open(client, "orders", new JsonObject().put("fullDocument", "updateLookup"));
      Await.result(stream.insertUntilSeen(vertx, client, "orders", "order"), BOUND);
      Await.result(client.updateCollection("orders", new JsonObject().put("_id", "order-1"),
          new JsonObject().put("$set", new JsonObject().put("status", "PAID"))));
      Await.result(client.findOneAndUpdateWithOptions("orders", new JsonObject().put("_id", "order-1"),
          new JsonObject().put("$set", new JsonObject().put("status", "SHIPPED")), new FindOptions(),
          new UpdateOptions().setReturningNewDocument(true)));
      Await.result(client.removeDocument("orders", new JsonObject().put("_id", "order-1")));
      Await.result(until(vertx, () -> stream.events.stream().anyMatch(event -> "delete".equals(event.getString("operationType")))), BOUND);

      var ofOrder1 = stream.events.stream().filter(event -> "order-1".equals(event.getJsonObject("documentKey").getValue("_id"))).toList();
      assertThat(ofOrder1).extracting(event -> event.getString("operationType")).endsWith("update", "update", "delete");
      var updates = ofOrder1.stream().filter(event -> "update".equals(event.getString("operationType"))).toList();
      assertThat(updates.get(0).getJsonObject("updateDescription").getJsonObject("updatedFields").getString("status")).isEqualTo("PAID");
      assertThat(updates.get(1).getJsonObject("fullDocument")).isNotNull();
      stream.close();
    } finally {
      Await.result(client.close());
      mongo.close();
    }
  }

  /** Completes once the check answers true, polling every 100 ms. */
  static io.vertx.core.Future<Void> until(Vertx vertx, java.util.function.BooleanSupplier check) {
    return io.vertx.core.Future.future(done -> {
      if (check.getAsBoolean()) {
        done.complete();
        return;
      }
      vertx.setPeriodic(100, timer -> {
        if (check.getAsBoolean()) {
          vertx.cancelTimer(timer);
          done.tryComplete();
        }
      });
    });
  }

  private static MongoClient client(Vertx vertx, EmbeddedMongo mongo) {
    return MongoClient.create(vertx, new JsonObject()
        .put("connection_string", mongo.connectionString()).put("db_name", "orders"));
  }
}
