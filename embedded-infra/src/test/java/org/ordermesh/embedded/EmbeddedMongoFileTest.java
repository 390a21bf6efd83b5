package org.ordermesh.embedded;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.VertxExtension;
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
