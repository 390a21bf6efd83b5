package org.ordermesh.catalog.product;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.embedded.EmbeddedMongo;
import org.ordermesh.embedded.SharedInfra;
import org.ordermesh.platform.testing.Await;

/**
 * Two nodes' worth of product cache on one store, each on its own Vert.x (no event bus between them): only
 * the change stream can tell one cache of the other's writes.
 */
@DisplayName("the product cache")
class ProductCacheTest {

  private static final Duration BOUND = Duration.ofSeconds(30);

  private Vertx writerNode;
  private Vertx readerNode;

  @BeforeEach
  void start() {
    writerNode = Vertx.vertx();
    readerNode = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    writerNode.close().await(10, TimeUnit.SECONDS);
    readerNode.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("takes in a product another node changed, from the change stream")
  void followsAnotherNodesWrites() throws Exception {
    String database = "cache_" + UUID.randomUUID().toString().substring(0, 8);
    var writer = new ProductRepository(writerNode, client(writerNode, SharedInfra.mongoConnectionString(), database));
    var cache = startedCache(readerNode, SharedInfra.mongoConnectionString(), database);
    Product created = writer.insert(Product.create("p-" + UUID.randomUUID(), draft("kettle"), Instant.now()))
        .await(10, TimeUnit.SECONDS);
    Await.until(BOUND, () -> cache.live() && version(cache, created.id()) == 1);

    writer.replace(created, draft("steel kettle"), Instant.now()).await(10, TimeUnit.SECONDS);

    // live and holding the product, the cache answers from memory: version 2 can only have come from the stream
    Await.until(BOUND, () -> cache.live() && version(cache, created.id()) == 2);
    assertThat(entry(cache, created.id()).orElseThrow().product().name()).isEqualTo("steel kettle");
  }

  @Test
  @DisplayName("answers nothing from memory while its change stream is down, and is emptied and loaded again once it is back")
  void reloadsWhenItsStreamIsBack() throws Exception {
    String database = "cache_" + UUID.randomUUID().toString().substring(0, 8);
    EmbeddedMongo store = SharedInfra.startPrivateMongo();
    int port = store.port();
    String id = "p-" + UUID.randomUUID();
    ProductCache cache;
    try {
      var writer = new ProductRepository(writerNode, client(writerNode, store.connectionString(), database));
      cache = startedCache(readerNode, store.connectionString(), database);
      writer.insert(Product.create(id, draft("lamp"), Instant.now())).await(10, TimeUnit.SECONDS);
      Await.until(BOUND, () -> cache.live() && version(cache, id) == 1);
    } finally {
      store.close();
    }
    Await.until(BOUND, () -> !cache.live());

    // a store with other contents at the same version: only a cache emptied on reconnect serves them
    try (EmbeddedMongo restored = EmbeddedMongo.startInMemory("127.0.0.1", port)) {
      new ProductRepository(writerNode, client(writerNode, restored.connectionString(), database))
          .insert(Product.create(id, draft("desk lamp"), Instant.now())).await(10, TimeUnit.SECONDS);

      Await.until(BOUND, () -> cache.live() && "desk lamp".equals(entry(cache, id).map(e -> e.product().name()).orElse(null)));
    }
  }

  static ProductCache startedCache(Vertx vertx, String connectionString, String database) throws Exception {
    var cache = new ProductCache(vertx, client(vertx, connectionString, database));
    // on a verticle's context, as the catalog's verticles own theirs
    vertx.deployVerticle(new VerticleBase() {
      @Override
      public Future<?> start() {
        return cache.start();
      }
    }).await(30, TimeUnit.SECONDS);
    return cache;
  }

  static MongoClient client(Vertx vertx, String connectionString, String database) {
    return MongoClient.create(vertx, new JsonObject().put("connection_string", connectionString).put("db_name", database)
        .put("serverSelectionTimeoutMS", 3_000).put("connectTimeoutMS", 3_000));
  }

  private static long version(ProductCache cache, String id) {
    return entry(cache, id).map(found -> found.product().version()).orElse(0L);
  }

  private static Optional<ProductCache.Entry> entry(ProductCache cache, String id) {
    try {
      return cache.entry(id).await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  private static ProductDraft draft(String name) {
    return new ProductDraft(name, "", "kitchen", 2_500, "EUR", "SKU-" + UUID.randomUUID().toString().substring(0, 8),
        new JsonObject());
  }
}
