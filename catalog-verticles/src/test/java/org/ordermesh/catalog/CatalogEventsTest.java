package org.ordermesh.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordermesh.catalog.CatalogFixtures.createProduct;
import static org.ordermesh.catalog.CatalogFixtures.orderId;
import static org.ordermesh.catalog.CatalogFixtures.productBody;
import static org.ordermesh.catalog.CatalogFixtures.productWithStock;
import static org.ordermesh.catalog.CatalogFixtures.reserve;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.ordermesh.catalog.api.CatalogAddresses;
import org.ordermesh.catalog.api.CatalogEvents;
import org.ordermesh.catalog.product.Product;
import org.ordermesh.catalog.product.ProductDraft;
import org.ordermesh.catalog.product.ProductRepository;
import org.ordermesh.embedded.SharedInfra;
import org.ordermesh.platform.mongo.MongoClients;
import org.ordermesh.platform.outbox.Outbox;
import org.ordermesh.platform.outbox.TopicRecords;
import org.ordermesh.platform.testing.Await;

@DisplayName("the catalog's events")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CatalogEventsTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private CatalogNode node;
  private TopicRecords published;

  @BeforeAll
  void start() throws Exception {
    node = CatalogNode.start(new JsonObject(), true);
    published = TopicRecords.of(node.vertx(), CatalogEvents.TOPIC);
  }

  @AfterAll
  void stop() throws Exception {
    published.close();
    node.close();
  }

  @Nested
  @DisplayName("published on catalog.events.v1")
  class Publishing {

    @Test
    @DisplayName("a product's creation, change and withdrawal reach Kafka in order, as CloudEvents keyed by its id, and leave the outbox")
    void productLifeIsPublished() throws Exception {
      String id = createProduct(node, productBody("teapot", "teaware", "19.99")).getString("id");
      var replaced = node.request(HttpMethod.PUT, "/api/v1/products/" + id).bearerTokenAuthentication(node.adminToken())
          .putHeader("If-Match", "\"1\"").sendJsonObject(productBody("big teapot", "teaware", "24.50"));
      assertThat(await(replaced).statusCode()).isEqualTo(200);
      assertThat(node.send(HttpMethod.DELETE, "/api/v1/products/" + id, node.adminToken(), null).statusCode()).isEqualTo(204);

      Await.until(WAIT, () -> eventsOf(id).size() == 3);
      assertThat(eventsOf(id).stream().map(event -> event.getString("type"))).containsExactly(
          CatalogEvents.PRODUCT_CREATED, CatalogEvents.PRODUCT_CHANGED, CatalogEvents.PRODUCT_DELETED);
      KafkaConsumerRecord<String, String> created = recordsOf(id).get(0);
      JsonObject envelope = new JsonObject(created.value());
      assertThat(created.key()).isEqualTo(id);
      assertThat(TopicRecords.header(created, "content-type")).startsWith("application/cloudevents+json");
      assertThat(envelope.getString("specversion")).isEqualTo("1.0");
      assertThat(envelope.getString("source")).isEqualTo(CatalogEvents.SOURCE);
      assertThat(envelope.getString("subject")).isEqualTo(id);
      assertThat(envelope.getJsonObject("data").getJsonObject("product").getLong("priceMinor")).isEqualTo(1999L);
      JsonObject changed = eventsOf(id).get(1).getJsonObject("data");
      assertThat(changed.getJsonArray("changed")).containsExactly("name", "description", "priceMinor", "sku");
      assertThat(changed.getJsonObject("product").getLong("version")).isEqualTo(2L);
      assertThat(eventsOf(id).get(2).getJsonObject("data").getLong("version")).isEqualTo(3L);
      Await.until(WAIT, () -> pendingEvents("products", id) == 0);
    }

    @Test
    @DisplayName("a replace keeps the events earlier writes left in the outbox")
    void replaceKeepsPendingEvents() {
      // a database no relay reads, so the events stay where the writes put them
      var mongo = MongoClients.shared(node.vertx(), SharedInfra.mongoConnectionString(),
          "catalog_unrelayed_" + UUID.randomUUID().toString().substring(0, 8));
      var products = new ProductRepository(node.vertx(), mongo);
      Instant now = Instant.now();
      Product created = await(products.insert(Product.create("p-" + UUID.randomUUID(), draft("kettle", 4000), now)));
      await(products.replace(created, draft("steel kettle", 4500), now));

      JsonObject document = await(mongo.findOne(ProductRepository.COLLECTION, new JsonObject().put("_id", created.id()), null));
      assertThat(document.getJsonArray(Outbox.FIELD).stream().map(entry -> ((JsonObject) entry).getString("type")))
          .containsExactly(CatalogEvents.PRODUCT_CREATED, CatalogEvents.PRODUCT_CHANGED);
      assertThat(document.getLong("version")).isEqualTo(2L);
      assertThat(document.getString("name")).isEqualTo("steel kettle");
      await(mongo.close());
    }

    @Test
    @DisplayName("StockLow is published once when available crosses the threshold (5) downwards, not on each move under it")
    void stockLowOncePerCrossing() throws Exception {
      String id = productWithStock(node, 10);
      adjust(id, -4);
      adjust(id, -1);
      adjust(id, -2);
      node.ask(CatalogAddresses.INVENTORY, reserve(orderId(), id, 1));
      adjust(id, 10);
      adjust(id, -9);

      Await.until(WAIT, () -> pendingEvents("inventory", id) == 0);
      Await.until(WAIT, () -> stockLows(id).size() >= 2);
      assertThat(stockLows(id).stream().map(data -> data.getLong("available"))).containsExactly(5L, 3L);
      assertThat(stockLows(id).get(1).getLong("reserved")).isEqualTo(1L);
    }
  }

  private List<KafkaConsumerRecord<String, String>> recordsOf(String productId) {
    return published.all().stream().filter(record -> productId.equals(record.key())).toList();
  }

  private List<JsonObject> eventsOf(String productId) {
    return recordsOf(productId).stream().map(record -> new JsonObject(record.value()))
        .filter(event -> !CatalogEvents.STOCK_LOW.equals(event.getString("type"))).toList();
  }

  private List<JsonObject> stockLows(String productId) {
    return recordsOf(productId).stream().map(record -> new JsonObject(record.value()))
        .filter(event -> CatalogEvents.STOCK_LOW.equals(event.getString("type")))
        .map(event -> event.getJsonObject("data")).toList();
  }

  private int pendingEvents(String collection, String id) {
    JsonObject document = await(node.mongo().findOne(collection, new JsonObject().put("_id", id), null));
    return document.getJsonArray(Outbox.FIELD, new JsonArray()).size();
  }

  private void adjust(String productId, int delta) throws Exception {
    var adjusted = node.send(HttpMethod.POST, "/api/v1/inventory/" + productId + "/adjustments", node.adminToken(),
        new JsonObject().put("delta", delta).put("reason", "test"));
    assertThat(adjusted.statusCode()).as(adjusted.bodyAsString()).isEqualTo(201);
  }

  private static ProductDraft draft(String name, long priceMinor) {
    return new ProductDraft(name, "", "kitchen", priceMinor, "EUR", "SKU-" + UUID.randomUUID().toString().substring(0, 8),
        new JsonObject());
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.await(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
