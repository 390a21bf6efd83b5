package org.ordermesh.embedded;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import com.mongodb.MongoCommandException;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class StoreGrowthTest {

  private static final String HOST = "127.0.0.1";
  private static final int WRITERS = 32;
  private static final int WRITES = 10_000;
  private static final int DOCUMENTS = 100;
  // each write rewrites whole B-tree pages (~20 KB of file per write without compaction, 200 MB here),
  // while the live data stays at 100 documents plus a second of oplog
  private static final long MAX_FILE_BYTES = 128L * 1024 * 1024;
  private static final String PADDING = "x".repeat(1_000);

  @TempDir
  Path dir;

  @Test
  @DisplayName("sustained overwrites keep the file bounded while the store runs")
  void fileStaysBoundedUnderOverwrites(Vertx vertx) {
    try (EmbeddedMongo mongo = EmbeddedMongo.startFile(dir, HOST, 0, Duration.ofSeconds(1))) {
      MongoClient client = client(vertx, mongo);
      AtomicLong largestFile = new AtomicLong();
      long sampler = vertx.setPeriodic(100, timer -> largestFile.accumulateAndGet(fileSize(), Math::max));
      AtomicInteger written = new AtomicInteger();
      List<Future<Void>> writers = new ArrayList<>();
      for (int writer = 0; writer < WRITERS; writer++) {
        writers.add(overwriteUntilDone(client, written));
      }
      Await.result(Future.all(writers), Duration.ofSeconds(60));
      vertx.cancelTimer(sampler);
      Await.result(client.close());

      assertThat(largestFile.get()).as("largest file size while writing").isLessThan(MAX_FILE_BYTES);
    }
  }

  @Test
  @DisplayName("oplog entries older than the retention are trimmed: resuming before them is refused, and change streams keep working")
  void oplogIsTrimmed(Vertx vertx) {
    try (EmbeddedMongo mongo = EmbeddedMongo.startFile(dir, HOST, 0, Duration.ofSeconds(1))) {
      MongoClient client = client(vertx, mongo);
      ChangeEvents stream = ChangeEvents.open(client, "orders", new JsonObject());
      Await.result(stream.insertUntilSeen(vertx, client, "orders", "old"), Duration.ofSeconds(30));
      JsonObject oldToken = stream.events.get(0).getJsonObject("_id");
      stream.close();
      Await.result(client.insert("orders", new JsonObject().put("_id", "after-the-token")));

      // mongod's ChangeStreamHistoryLost, once the trim (every second here) has removed a change after the token
      Await.result(until(vertx, () -> historyLost(client, oldToken)), Duration.ofSeconds(30));
      assertThat(changeStreamSeesInsert(vertx, client)).isTrue();
      Await.result(client.close());
    }
  }

  private static Future<Boolean> historyLost(MongoClient client, JsonObject token) {
    ChangeEvents resumed = ChangeEvents.open(client, "orders", new JsonObject().put("resumeAfter", token));
    return resumed.failed.future().timeout(2, java.util.concurrent.TimeUnit.SECONDS)
        .map(error -> error instanceof MongoCommandException command && command.getErrorCode() == 286)
        .otherwise(false)
        .onComplete(answered -> resumed.close());
  }

  private boolean changeStreamSeesInsert(Vertx vertx, MongoClient client) {
    Promise<Boolean> seen = Promise.promise();
    client.watch("orders", new io.vertx.core.json.JsonArray(), true, 1)
        .exceptionHandler(seen::tryFail)
        .handler(change -> seen.tryComplete(true));
    // the watch opens its server cursor asynchronously, so inserts repeat until one is seen
    AtomicInteger inserted = new AtomicInteger();
    long inserter = vertx.setPeriodic(100, timer -> client.insert("orders", new JsonObject().put("_id", "after-" + inserted.incrementAndGet())));
    try {
      return Await.result(seen.future());
    } finally {
      vertx.cancelTimer(inserter);
    }
  }

  private Future<Void> overwriteUntilDone(MongoClient client, AtomicInteger written) {
    int n = written.incrementAndGet();
    if (n > WRITES) {
      return Future.succeededFuture();
    }
    String id = "order-" + n % DOCUMENTS;
    JsonObject order = new JsonObject().put("_id", id).put("status", "PENDING").put("version", n).put("padding", PADDING);
    return client.replaceDocumentsWithOptions("orders", new JsonObject().put("_id", id), order, new UpdateOptions().setUpsert(true))
        .compose(done -> overwriteUntilDone(client, written));
  }

  /** Completes once the check answers true, polling every 100 ms. */
  private static Future<Void> until(Vertx vertx, Supplier<Future<Boolean>> check) {
    return check.get().compose(done -> done
        ? Future.succeededFuture()
        : Future.<Void>future(wait -> vertx.setTimer(100, timer -> wait.complete())).compose(waited -> until(vertx, check)));
  }

  private MongoClient client(Vertx vertx, EmbeddedMongo mongo) {
    return MongoClient.create(vertx, new JsonObject()
        .put("connection_string", mongo.connectionString()).put("db_name", "orders"));
  }

  private long fileSize() {
    try {
      return Files.size(dir.resolve(EmbeddedMongo.FILE_NAME));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
