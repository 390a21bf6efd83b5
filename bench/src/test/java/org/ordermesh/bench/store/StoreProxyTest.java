package org.ordermesh.bench.store;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.embedded.EmbeddedMongo;

import static org.assertj.core.api.Assertions.assertThat;

class StoreProxyTest {

  private Vertx vertx;
  private EmbeddedMongo store;
  private StoreProxy proxy;
  private MongoClient mongo;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    store = EmbeddedMongo.startInMemory("127.0.0.1", 0);
    proxy = new StoreProxy(vertx);
    int port = proxy.start(store.port());
    mongo = MongoClient.create(vertx, new JsonObject().put("connection_string", "mongodb://127.0.0.1:" + port)
        .put("db_name", "bench_test"));
  }

  @AfterEach
  void stop() {
    mongo.close().await();
    proxy.close();
    store.close();
    vertx.close().await();
  }

  @Test
  @DisplayName("every command a client sends through the proxy is counted once, by database and command name")
  void countsCommandsByDatabaseAndName() {
    mongo.insert("orders", new JsonObject().put("_id", "o-1").put("status", "PENDING")).await();
    mongo.insert("orders", new JsonObject().put("_id", "o-2").put("status", "PENDING")).await();
    mongo.updateCollection("orders", new JsonObject().put("_id", "o-1"),
        new JsonObject().put("$set", new JsonObject().put("status", "CONFIRMED"))).await();
    var found = mongo.findOne("orders", new JsonObject().put("_id", "o-1"), null).await();

    assertThat(found.getString("status")).isEqualTo("CONFIRMED");
    assertThat(proxy.snapshot())
        .containsEntry("bench_test insert", 2L)
        .containsEntry("bench_test update", 1L)
        .containsEntry("bench_test find", 1L);
  }
}
