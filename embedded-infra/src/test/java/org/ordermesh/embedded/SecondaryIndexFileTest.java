package org.ordermesh.embedded;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.VertxExtension;
import de.bwaldvogel.mongo.backend.KeyValue;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(VertxExtension.class)
class SecondaryIndexFileTest {

  private static final String COLLECTION = "orders";
  private static final JsonObject BY_STATUS = new JsonObject().put("status", 1).put("createdAt", -1);
  private static final String INDEX_MAP = "catalog.orders._index_status_created";
  private static final String ID_INDEX_MAP = "catalog.orders._index__id_";

  @TempDir
  Path dir;

  @Test
  @DisplayName("a secondary index written before a restart serves queries after it, in its order")
  void indexSurvivesRestart(Vertx vertx) {
    withClient(vertx, client -> Await.result(client.createIndexWithOptions(COLLECTION, BY_STATUS,
        new io.vertx.ext.mongo.IndexOptions().name("status_created")).compose(done -> insertOrders(client))));

    List<String> newestPending = withClient(vertx, client -> ids(Await.result(client.findWithOptions(COLLECTION,
        new JsonObject().put("status", "PENDING"), new FindOptions().setSort(new JsonObject().put("createdAt", -1)).setLimit(3)))));
    JsonObject plan = withClient(vertx, client -> explain(client, new JsonObject().put("status", "PENDING")));

    assertThat(newestPending).containsExactly("o-28", "o-26", "o-24");
    assertThat(Explained.usesIndex(plan)).as("served by the index: %s", plan.encode()).isTrue();
  }

  @Test
  @DisplayName("an index declared while the store ignored secondary indexes is built from the documents at start")
  void indexBuiltOnOpen(Vertx vertx) {
    withClient(vertx, client -> Await.result(client.createIndexWithOptions(COLLECTION, BY_STATUS,
        new io.vertx.ext.mongo.IndexOptions().name("status_created")).compose(done -> insertOrders(client))));
    // what a file from before looks like: the index declared, its entries nowhere
    MVStore store = new MVStore.Builder().fileName(dir.resolve(EmbeddedMongo.FILE_NAME).toString()).open();
    store.removeMap(INDEX_MAP);
    store.close();

    List<String> confirmed = withClient(vertx, client -> ids(Await.result(client.findWithOptions(COLLECTION,
        new JsonObject().put("status", "CONFIRMED"), new FindOptions().setSort(new JsonObject().put("createdAt", -1))))));

    assertThat(confirmed).hasSize(15).startsWith("o-29", "o-27");
  }

  @Test
  @DisplayName("a store its process did not close rebuilds its secondary indexes from the documents at start")
  void indexRebuiltAfterUncleanStop(Vertx vertx) {
    withClient(vertx, client -> Await.result(client.createIndexWithOptions(COLLECTION, BY_STATUS,
        new io.vertx.ext.mongo.IndexOptions().name("status_created")).compose(done -> insertOrders(client))));
    // what a commit between a document and its entry, then a kill -9, leaves: an entry missing, the file not closed
    MVStore store = new MVStore.Builder().fileName(dir.resolve(EmbeddedMongo.FILE_NAME).toString()).open();
    MVMap<KeyValue, Object> entries = store.openMap(INDEX_MAP, new MVMap.Builder<KeyValue, Object>()
        .keyType(new IndexKeyType(new boolean[] {false, true})).valueType(BsonValueType.INSTANCE));
    entries.remove(entries.firstKey());
    store.<String, Boolean>openMap("ordermesh-state").put("running", true);
    store.close();

    List<String> confirmed = withClient(vertx, client -> ids(Await.result(client.findWithOptions(COLLECTION,
        new JsonObject().put("status", "CONFIRMED"), new FindOptions()))));

    assertThat(confirmed).hasSize(15);
  }

  @Test
  @DisplayName("a store its process did not close rebuilds its _id index too: every document is found by _id, and a duplicate is refused")
  void idIndexRebuiltAfterUncleanStop(Vertx vertx) {
    withClient(vertx, client -> Await.result(insertOrders(client)));
    // the _id index maps an id to its document's record: a kill -9 between the two leaves a document without its entry
    MVStore store = new MVStore.Builder().fileName(dir.resolve(EmbeddedMongo.FILE_NAME).toString()).open();
    MVMap<KeyValue, Object> ids = store.openMap(ID_INDEX_MAP, new MVMap.Builder<KeyValue, Object>()
        .keyType(KeyValueType.INSTANCE).valueType(BsonValueType.INSTANCE));
    KeyValue lost = ids.firstKey();
    ids.remove(lost);
    store.<String, Boolean>openMap("ordermesh-state").put("running", true);
    store.close();
    String lostId = String.valueOf(lost.get(0));

    withClient(vertx, client -> {
      assertThat(Await.result(client.findOne(COLLECTION, new JsonObject().put("_id", lostId), null))).isNotNull();
      assertThatThrownBy(() -> Await.result(client.insert(COLLECTION, new JsonObject().put("_id", lostId))))
          .hasMessageContaining("duplicate key");
      return null;
    });
  }

  @Test
  @DisplayName("documents are kept in the order they were inserted, whatever their _id, and a restart goes on after the last")
  void documentsKeptByInsertion(Vertx vertx) {
    withClient(vertx, client -> Await.result(client.insert(COLLECTION, new JsonObject().put("_id", "c"))
        .compose(id -> client.insert(COLLECTION, new JsonObject().put("_id", "a")))
        .compose(id -> client.insert(COLLECTION, new JsonObject().put("_id", "b")))));

    // a record id starting again from the first would overwrite the documents from before the restart
    List<String> natural = withClient(vertx, client -> ids(Await.result(client.insert(COLLECTION, new JsonObject().put("_id", "0"))
        .compose(id -> client.removeDocument(COLLECTION, new JsonObject().put("_id", "a")))
        .compose(removed -> client.insert(COLLECTION, new JsonObject().put("_id", "d")))
        .compose(id -> client.find(COLLECTION, new JsonObject())))));

    assertThat(natural).containsExactly("c", "b", "0", "d");
  }

  private static io.vertx.core.Future<Void> insertOrders(MongoClient client) {
    io.vertx.core.Future<Void> done = io.vertx.core.Future.succeededFuture();
    for (int i = 0; i < 30; i++) {
      JsonObject order = new JsonObject().put("_id", "o-" + i).put("status", i % 2 == 0 ? "PENDING" : "CONFIRMED")
          .put("createdAt", new JsonObject().put("$date", java.time.Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i).toString()));
      done = done.compose(previous -> client.insert(COLLECTION, order).mapEmpty());
    }
    return done;
  }

  private static JsonObject explain(MongoClient client, JsonObject filter) {
    return Await.result(client.runCommand("explain", new JsonObject()
        .put("explain", new JsonObject().put("find", COLLECTION).put("filter", filter))));
  }

  private static List<String> ids(List<JsonObject> documents) {
    return documents.stream().map(document -> document.getString("_id")).toList();
  }

  private <T> T withClient(Vertx vertx, Function<MongoClient, T> work) {
    try (EmbeddedMongo mongo = EmbeddedMongo.startFile(dir, "127.0.0.1", 0)) {
      MongoClient client = MongoClient.create(vertx, new JsonObject()
          .put("connection_string", mongo.connectionString()).put("db_name", "catalog"));
      try {
        return work.apply(client);
      } finally {
        Await.result(client.close());
      }
    }
  }
}
