package org.ordermesh.embedded;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Partial indexes ({@code partialFilterExpression}) as mongod keeps and chooses them: entries only for the
 * documents the filter matches, read only by a query whose filter implies it; the filter kept across a restart.
 */
@ExtendWith(VertxExtension.class)
class PartialIndexTest {

  private static final String COLLECTION = "orders";
  private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir
  Path dir;

  @Test
  @DisplayName("a query whose filter implies the partial filter reads the partial index; one that does not, not")
  void chosenOnlyWhenImplied(Vertx vertx) {
    withClient(vertx, client -> {
      index(client, "attention", new JsonObject().put("status", 1).put("updatedAt", 1),
          new JsonObject().put("attention", true));
      index(client, "recent", new JsonObject().put("updatedAt", 1),
          new JsonObject().put("updatedAt", new JsonObject().put("$gte", date(10))));
      index(client, "sent", new JsonObject().put("sentAt", 1), new JsonObject().put("sentAt", new JsonObject().put("$exists", true)));
      insertOrders(client);

      assertThat(indexOf(client, new JsonObject().put("attention", true).put("status", "PENDING"))).isEqualTo("attention");
      assertThat(indexOf(client, new JsonObject().put("attention", new JsonObject().put("$eq", true))
          .put("status", new JsonObject().put("$in", new JsonArray().add("PENDING").add("PAID"))))).isEqualTo("attention");
      assertThat(indexOf(client, new JsonObject().put("updatedAt", new JsonObject().put("$gt", date(12))))).isEqualTo("recent");
      assertThat(indexOf(client, new JsonObject().put("updatedAt", new JsonObject().put("$gte", date(10)).put("$lt", date(20)))))
          .isEqualTo("recent");
      assertThat(indexOf(client, new JsonObject().put("sentAt", new JsonObject().put("$exists", true)))).isEqualTo("sent");
      assertThat(indexOf(client, new JsonObject().put("sentAt", new JsonObject().put("$lt", date(40))))).isEqualTo("sent");

      assertThat(indexOf(client, new JsonObject().put("attention", false).put("status", "PENDING"))).isNull();
      assertThat(indexOf(client, new JsonObject().put("status", "PENDING"))).isNull();
      assertThat(indexOf(client, new JsonObject().put("updatedAt", new JsonObject().put("$gt", date(5))))).isNull();
      assertThat(indexOf(client, new JsonObject().put("updatedAt", new JsonObject().put("$lt", date(20))))).isNull();
      assertThat(indexOf(client, new JsonObject().put("sentAt", new JsonObject().put("$exists", false)))).isNull();
      assertThat(indexOf(client, new JsonObject().put("sentAt", null))).isNull();
      return null;
    });
  }

  @Test
  @DisplayName("explain names the partial index and says it is partial; its answers are those of a scan")
  void explainedAndAnswered(Vertx vertx) {
    withClient(vertx, client -> {
      index(client, "attention", new JsonObject().put("status", 1).put("updatedAt", 1), new JsonObject().put("attention", true));
      insertOrders(client);
      JsonObject query = new JsonObject().put("attention", true).put("status", "PENDING");

      JsonObject scan = Await.result(client.runCommand("explain", new JsonObject().put("explain",
          new JsonObject().put("find", COLLECTION).put("filter", query)))).getJsonObject("queryPlanner").getJsonObject("winningPlan")
          .getJsonObject("inputStage");
      List<JsonObject> found = Await.result(client.findWithOptions(COLLECTION, query,
          new FindOptions().setSort(new JsonObject().put("updatedAt", 1))));
      List<JsonObject> scanned = Await.result(client.findWithOptions(COLLECTION, query,
          new FindOptions().setSort(new JsonObject().put("$natural", 1))));

      assertThat(scan.getString("stage")).isEqualTo("IXSCAN");
      assertThat(scan.getString("indexName")).isEqualTo("attention");
      assertThat(scan.getBoolean("isPartial")).isTrue();
      assertThat(ids(found)).containsExactlyInAnyOrderElementsOf(ids(scanned)).isNotEmpty();
      assertThat(ids(found)).isEqualTo(found.stream().sorted(java.util.Comparator.comparing(o -> o.getJsonObject("updatedAt")
          .getString("$date"))).map(o -> o.getString("_id")).toList());
      return null;
    });
  }

  @Test
  @DisplayName("a document enters and leaves the partial index as its updates move it in and out of the filter, across a restart")
  void entriesFollowTheFilter(Vertx vertx) {
    withClient(vertx, client -> {
      index(client, "attention", new JsonObject().put("status", 1), new JsonObject().put("attention", true));
      insertOrders(client);
      return null;
    });
    JsonObject attentionPending = new JsonObject().put("attention", true).put("status", "PENDING");

    List<String> before = withClient(vertx, client -> ids(Await.result(client.find(COLLECTION, attentionPending))));
    List<String> after = withClient(vertx, client -> {
      Await.result(client.updateCollection(COLLECTION, new JsonObject().put("_id", before.get(0)),
          new JsonObject().put("$set", new JsonObject().put("attention", false))));
      Await.result(client.updateCollection(COLLECTION, new JsonObject().put("_id", "o-1"),
          new JsonObject().put("$set", new JsonObject().put("attention", true).put("status", "PENDING"))));
      return ids(Await.result(client.find(COLLECTION, attentionPending)));
    });
    String plan = withClient(vertx, client -> indexOf(client, attentionPending));

    List<String> expected = new ArrayList<>(before.subList(1, before.size()));
    expected.add("o-1");
    assertThat(after).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(plan).as("the filter is kept with the index across a restart").isEqualTo("attention");
  }

  @Test
  @DisplayName("a numeric path part indexes an array's element at that position: the relay's look for pending outboxes")
  void positionalPath(Vertx vertx) {
    withClient(vertx, client -> {
      JsonObject pending = new JsonObject().put("outbox.0", new JsonObject().put("$exists", true));
      index(client, "outbox_pending", new JsonObject().put("outbox.0", 1), pending);
      for (int i = 0; i < 10; i++) {
        JsonArray outbox = new JsonArray();
        for (int event = 0; event < i % 3; event++) {
          outbox.add(new JsonObject().put("id", "e-" + i + "-" + event));
        }
        Await.result(client.insert(COLLECTION, new JsonObject().put("_id", "a-" + i).put("outbox", outbox)));
      }

      assertThat(indexOf(client, pending)).isEqualTo("outbox_pending");
      assertThat(ids(Await.result(client.find(COLLECTION, pending)))).containsExactlyInAnyOrder("a-1", "a-2", "a-4", "a-5", "a-7", "a-8");
      return null;
    });
  }

  @Test
  @DisplayName("a query with equality on a unique index's fields and other conditions looks its document up by that index")
  void uniqueLookupAmongOtherConditions(Vertx vertx) {
    withClient(vertx, client -> {
      insertOrders(client);
      JsonObject query = new JsonObject().put("_id", "o-2").put("status", "PENDING").put("attention", new JsonObject().put("$ne", true));

      assertThat(indexOf(client, query)).isEqualTo("_id_");
      assertThat(ids(Await.result(client.find(COLLECTION, query)))).containsExactly("o-2");
      assertThat(Await.result(client.find(COLLECTION, query.copy().put("status", "PAID")))).isEmpty();
      return null;
    });
  }

  @Test
  @DisplayName("a unique partial index is refused rather than kept as a plain unique one")
  void uniquePartialRefused(Vertx vertx) {
    withClient(vertx, client -> {
      assertThatThrownBy(() -> Await.result(client.createIndexWithOptions(COLLECTION, new JsonObject().put("email", 1),
          new IndexOptions().name("email").unique(true).partialFilterExpression(new JsonObject().put("active", true)))))
          .hasMessageContaining("partial unique");
      return null;
    });
  }

  private static void index(MongoClient client, String name, JsonObject keys, JsonObject filter) {
    Await.result(client.createIndexWithOptions(COLLECTION, keys, new IndexOptions().name(name).partialFilterExpression(filter)));
  }

  // every third order needs attention, statuses alternate, updatedAt is the number of hours after EPOCH, every other sent
  private static void insertOrders(MongoClient client) {
    Future<Void> done = Future.succeededFuture();
    for (int i = 0; i < 30; i++) {
      JsonObject order = new JsonObject().put("_id", "o-" + i).put("status", i % 2 == 0 ? "PENDING" : "PAID")
          .put("attention", i % 3 == 0).put("updatedAt", date(i));
      if (i % 2 == 0) {
        order.put("sentAt", date(i));
      }
      done = done.compose(previous -> client.insert(COLLECTION, order).mapEmpty());
    }
    Await.result(done);
  }

  private static JsonObject date(int hours) {
    return new JsonObject().put("$date", EPOCH.plusSeconds(hours * 3600L).toString());
  }

  /** The index the query's plan reads, or null when it scans the collection. */
  private static String indexOf(MongoClient client, JsonObject filter) {
    JsonObject explain = Await.result(client.runCommand("explain", new JsonObject()
        .put("explain", new JsonObject().put("find", COLLECTION).put("filter", filter))));
    return Explained.usesIndex(explain)
        ? explain.getJsonObject("queryPlanner").getJsonObject("winningPlan").getJsonObject("inputStage").getString("indexName")
        : null;
  }

  private static List<String> ids(List<JsonObject> documents) {
    return documents.stream().map(document -> document.getString("_id")).toList();
  }

  private <T> T withClient(Vertx vertx, Function<MongoClient, T> work) {
    try (EmbeddedMongo mongo = EmbeddedMongo.startFile(dir, "127.0.0.1", 0)) {
      MongoClient client = MongoClient.create(vertx, new JsonObject()
          .put("connection_string", mongo.connectionString()).put("db_name", "orders"));
      try {
        return work.apply(client);
      } finally {
        Await.result(client.close());
      }
    }
  }
}
