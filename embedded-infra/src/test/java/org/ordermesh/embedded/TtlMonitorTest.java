package org.ordermesh.embedded;

import de.bwaldvogel.mongo.MongoServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.VertxExtension;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class TtlMonitorTest {

  // the node's monitor runs every 60 s, as mongod's; this one every 200 ms so the test is short
  private static final Duration MONITOR_INTERVAL = Duration.ofMillis(200);
  private static final Duration BOUND = Duration.ofSeconds(30);

  private MongoServer server;
  private MongoClient client;

  @BeforeEach
  void start(Vertx vertx) {
    server = new MongoServer(new GroupCommitH2Backend(new MVStore.Builder().open(),
        Duration.ofDays(1), MONITOR_INTERVAL));
    server.bind(new InetSocketAddress("127.0.0.1", 0));
    client = MongoClient.create(vertx, new JsonObject()
        .put("connection_string", "mongodb://127.0.0.1:" + server.getLocalAddress().getPort()).put("db_name", "auth"));
  }

  @AfterEach
  void stop() {
    Await.result(client.close());
    server.shutdownNow();
  }

  @Test
  @DisplayName("documents under a TTL index expire once their date is older than the index's age; others stay")
  void expiresAsMongodDoes(Vertx vertx) {
    Instant now = Instant.now();
    Await.result(client.createIndexWithOptions("tokens", new JsonObject().put("expiresAt", 1),
        new IndexOptions().name("expires").expireAfter(0L, TimeUnit.SECONDS)));
    Await.result(client.createIndexWithOptions("inbox", new JsonObject().put("processedAt", 1),
        new IndexOptions().name("processed_ttl").expireAfter(3600L, TimeUnit.SECONDS)));
    insert("tokens", "expired", "expiresAt", date(now.minusSeconds(5)));
    insert("tokens", "valid", "expiresAt", date(now.plusSeconds(3600)));
    insert("tokens", "not-a-date", "expiresAt", "tomorrow");
    insert("tokens", "without", "other", 1);
    insert("inbox", "old", "processedAt", date(now.minusSeconds(7200)));
    insert("inbox", "recent", "processedAt", date(now.minusSeconds(600)));

    awaitGone(vertx, "tokens", "expired");
    awaitGone(vertx, "inbox", "old");

    assertThat(ids("tokens")).containsExactlyInAnyOrder("valid", "not-a-date", "without");
    assertThat(ids("inbox")).containsExactly("recent");
    JsonObject plan = Await.result(client.runCommand("explain", new JsonObject().put("explain", new JsonObject()
        .put("find", "tokens").put("filter", new JsonObject().put("expiresAt", new JsonObject().put("$lt", date(now)))))));
    assertThat(Explained.usesIndex(plan)).as("the monitor's query runs on the TTL index: %s", plan.encode()).isTrue();
  }

  private void awaitGone(Vertx vertx, String collection, String id) {
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (ids(collection).contains(id)) {
      assertThat(System.nanoTime()).as("%s expired within %s", id, BOUND).isLessThan(deadline);
      Await.result(vertx.timer(50));
    }
  }

  private void insert(String collection, String id, String field, Object value) {
    Await.result(client.insert(collection, new JsonObject().put("_id", id).put(field, value)));
  }

  private List<String> ids(String collection) {
    return Await.result(client.find(collection, new JsonObject())).stream().map(document -> document.getString("_id")).toList();
  }

  private static JsonObject date(Instant instant) {
    return new JsonObject().put("$date", instant.toString());
  }
}
