package org.ordermesh.platform.mongo;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.MongoClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.platform.testing.TestNode;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("delayed bulk writes")
class DelayedBulkWritesTest {

  private static TestNode node;
  private static MongoClient mongo;

  @BeforeAll
  static void start() {
    node = TestNode.start();
    mongo = MongoClients.shared(node.vertx(), node.runtime().config().mongoUri(), "bulk_" + UUID.randomUUID().toString().substring(0, 8));
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  @Test
  @DisplayName("write what was added within the delay in one batch, and tell watchers whether all of it matched")
  void batchesAndReportsMatches() throws Exception {
    insert("a", 0);
    insert("b", 0);

    var allMatched = watchedBatch(List.of(atVersion("a", 0), atVersion("b", 0)));
    var oneStale = watchedBatch(List.of(atVersion("a", 1), atVersion("b", 0)));

    assertThat(allMatched).containsExactly(true, true);
    assertThat(oneStale).containsExactly(false, false);
    assertThat(version("a")).isEqualTo(2);
    assertThat(version("b")).isEqualTo(1);
  }

  private List<Boolean> watchedBatch(List<BulkOperation> updates) throws Exception {
    var context = node.vertx().getOrCreateContext();
    Future<List<Boolean>> outcomes = Future.future(done -> context.runOnContext(v -> {
      var writes = new DelayedBulkWrites(node.vertx(), mongo, "counters", Duration.ofMillis(50));
      Future.all(updates.stream().map(writes::addWatched).toList())
        .map(all -> all.<Boolean>list())
        .onComplete(done);
    }));
    return outcomes.await(10, TimeUnit.SECONDS);
  }

  private static BulkOperation atVersion(String id, long version) {
    return BulkOperation.createUpdate(new JsonObject().put("_id", id).put("version", version),
      new JsonObject().put("$inc", new JsonObject().put("version", 1)));
  }

  private static void insert(String id, long version) throws Exception {
    mongo.insert("counters", new JsonObject().put("_id", id).put("version", version)).await(10, TimeUnit.SECONDS);
  }

  private static long version(String id) throws Exception {
    return mongo.findOne("counters", new JsonObject().put("_id", id), null).await(10, TimeUnit.SECONDS).getLong("version");
  }
}
