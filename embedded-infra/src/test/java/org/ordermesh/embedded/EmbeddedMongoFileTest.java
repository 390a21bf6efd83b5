package org.ordermesh.embedded;

import io.vertx.core.Vertx;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.MongoClientUpdateResult;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(VertxExtension.class)
class EmbeddedMongoFileTest {

  private static final String HOST = "127.0.0.1";

  @TempDir
  Path dir;

  @Test
  @DisplayName("documents written before a restart are found after it")
  void documentsSurviveRestart(Vertx vertx) {
    withClient(vertx, client -> Await.result(client.insert("products", product("p-1", "SKU-1"))
        .compose(id -> client.insert("products", product("p-2", "SKU-2")))));

    List<JsonObject> found = withClient(vertx, client -> Await.result(client.find("products", new JsonObject())));

    assertThat(found).extracting(doc -> doc.getString("_id")).containsExactlyInAnyOrder("p-1", "p-2");
  }

  @Test
  @DisplayName("a unique index created before a restart still rejects duplicates after it")
  void uniqueIndexSurvivesRestart(Vertx vertx) {
    withClient(vertx, client -> Await.result(
        client.createIndexWithOptions("products", new JsonObject().put("sku", 1), new IndexOptions().unique(true))
            .compose(done -> client.insert("products", product("p-1", "SKU-1")))));

    withClient(vertx, client -> assertThatThrownBy(() -> Await.result(client.insert("products", product("p-2", "SKU-1"))))
        .hasMessageContaining("duplicate key"));
  }

  @Test
  @DisplayName("a document of every type the services write reads the same after a restart")
  void valueTypesSurviveRestart(Vertx vertx) {
    JsonObject order = new JsonObject().put("_id", "o-1").put("version", 3).put("big", 1L << 40).put("ratio", 0.25)
        .put("paid", true).put("note", (String) null)
        .put("at", new JsonObject().put("$date", "2026-01-01T10:00:00.123Z"))
        .put("amount", new JsonObject().put("$numberDecimal", "19.99"))
        .put("ref", new JsonObject().put("$oid", "65a1b2c3d4e5f60718293a4b"))
        .put("lines", new JsonArray().add(new JsonObject().put("sku", "SKU-1").put("qty", 2)).add(new JsonArray().add(1).add("two")))
        .put("saga", new JsonObject().put("step", "RESERVE").put("history", new JsonArray()));
    JsonObject before = withClient(vertx, client -> Await.result(client.insert("orders", order)
        .compose(id -> client.findOne("orders", new JsonObject().put("_id", "o-1"), null))));

    JsonObject after = withClient(vertx, client -> Await.result(client.findOne("orders", new JsonObject().put("_id", "o-1"), null)));

    assertThat(after).isEqualTo(before);
    assertThat(after.getValue("amount")).isEqualTo(new BigDecimal("19.99"));
  }

  @Test
  @DisplayName("a conditional update on a unique (_id, version) index finds its document after a restart")
  void compoundUniqueIndexServesAfterRestart(Vertx vertx) {
    withClient(vertx, client -> Await.result(client.createIndexWithOptions("orders",
            new JsonObject().put("_id", 1).put("version", 1), new IndexOptions().unique(true))
        .compose(done -> client.insert("orders", new JsonObject().put("_id", "o-1").put("version", 0)))
        .compose(id -> client.insert("orders", new JsonObject().put("_id", "o-2").put("version", 0)))));

    MongoClientUpdateResult updated = withClient(vertx, client -> Await.result(client.updateCollection("orders",
        new JsonObject().put("_id", "o-2").put("version", 0), new JsonObject().put("$set", new JsonObject().put("version", 1)))));

    JsonObject found = withClient(vertx, client -> Await.result(
        client.findOne("orders", new JsonObject().put("_id", "o-2").put("version", 1), null)));

    assertThat(updated.getDocMatched()).isEqualTo(1);
    assertThat(found).isNotNull();
  }

  @Test
  @DisplayName("a file written in the earlier format is refused at start, naming it, and left as it was")
  void earlierFormatIsRefused() {
    Path file = dir.resolve(EmbeddedMongo.FILE_NAME);
    // the earlier format is mongo-java-server's own H2 backend, which stores by Java serialization
    H2Backend earlier = new H2Backend(file.toString());
    earlier.resolveDatabase("orders").createCollectionOrThrowIfExists("orders").addDocument(new Document("_id", "o-1"));
    earlier.close();
    long size = fileSize(file);

    assertThatThrownBy(() -> EmbeddedMongo.startFile(dir, HOST, 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(file.toAbsolutePath().toString())
        .hasMessageContaining("docs/runbook.md");
    assertThat(fileSize(file)).isEqualTo(size);
    try (MVStore store = MVStore.open(file.toString())) {
      assertThat(store.getMapNames()).noneMatch(name -> name.startsWith("ordermesh"));
    }
  }

  @Test
  @DisplayName("a file in format bson-1, which kept documents by _id, is refused at start, naming its format")
  void documentsByIdFormatIsRefused() {
    Path file = dir.resolve(EmbeddedMongo.FILE_NAME);
    try (MVStore store = MVStore.open(file.toString())) {
      store.<String, String>openMap("ordermesh-format").put("documents", "bson-1");
      store.openMap("databases.orders.orders").put("o-1", "a document keyed by its _id");
    }

    assertThatThrownBy(() -> EmbeddedMongo.startFile(dir, HOST, 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("format bson-1")
        .hasMessageContaining("docs/runbook.md");
  }

  private static long fileSize(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private <T> T withClient(Vertx vertx, Function<MongoClient, T> work) {
    try (EmbeddedMongo mongo = EmbeddedMongo.startFile(dir, HOST, 0)) {
      MongoClient client = MongoClient.create(vertx, new JsonObject()
          .put("connection_string", mongo.connectionString()).put("db_name", "catalog"));
      try {
        return work.apply(client);
      } finally {
        Await.result(client.close());
      }
    }
  }

  private static JsonObject product(String id, String sku) {
    return new JsonObject().put("_id", id).put("sku", sku).put("name", "product " + id);
  }
}
