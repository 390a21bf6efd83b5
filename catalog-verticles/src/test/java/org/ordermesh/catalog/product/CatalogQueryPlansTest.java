package org.ordermesh.catalog.product;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ordermesh.platform.http.page.Cursor;
import org.ordermesh.platform.http.page.CursorQuery;
import org.ordermesh.platform.http.page.PageRequest;
import org.ordermesh.platform.mongo.MongoDates;
import org.ordermesh.platform.outbox.Outbox;
import org.ordermesh.platform.outbox.OutboxIndex;
import org.ordermesh.platform.testing.QueryPlans;
import org.ordermesh.platform.testing.QueryPlans.Query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The product lists, as the repository sends them, each served by an index in index order (explain), and the
 * relay's look for product events. Runs against a real MongoDB given MONGO_URI. The inventory's are in
 * InventoryQueryPlansTest.
 */
@ExtendWith(VertxExtension.class)
class CatalogQueryPlansTest {

  private MongoClient mongo;

  @BeforeEach
  void indexes(Vertx vertx) throws Exception {
    mongo = QueryPlans.client(vertx);
    new ProductRepository(vertx, mongo).ensureIndexes().await(30, TimeUnit.SECONDS);
    // facets holds an array in every product: with one stored the indexes are multikey, as in production
    mongo.insert(ProductRepository.COLLECTION, new JsonObject().put("_id", "p-0").put("facets", new JsonArray().add("all").add("c:shoes"))
        .put("priceMinor", 2_000L).put("nameKey", "m").put("createdAt", MongoDates.of(Instant.parse("2026-01-01T00:00:00Z"))))
        .await(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() throws Exception {
    mongo.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("every product list (each sort, category or words, price band, first and next pages) reads its index in order")
  void productListsUseIndexes() {
    List<Query> queries = new ArrayList<>();
    for (ProductSort sort : ProductSort.values()) {
      for (ProductQuery query : List.of(
          new ProductQuery(null, List.of(), null, null, sort),
          new ProductQuery("shoes", List.of(), 1_000L, 3_000L, sort),
          new ProductQuery("shoes", List.of("red", "leather"), null, 5_000L, sort))) {
        Object sortValue = sort == ProductSort.NEWEST ? MongoDates.of(Instant.parse("2026-01-01T00:00:00Z"))
            : sort == ProductSort.NAME ? "m" : (Object) 2_000L;
        for (PageRequest page : List.of(new PageRequest(20, null), new PageRequest(20, new Cursor(sort.field(), sortValue, "p-1")))) {
          queries.add(Query.find(sort + " " + query.filter().encode() + (page.cursor() == null ? " first page" : " next page"),
              ProductRepository.COLLECTION,
              CursorQuery.filter(query.filter(), sort.field(), sort.ascending(), page.cursor()),
              CursorQuery.findOptions(sort.field(), sort.ascending(), page)));
        }
      }
    }

    QueryPlans.assertServedByIndexes(mongo, queries);
  }

  @Test
  @DisplayName("a browse by price reads products_by_price")
  void browseByPriceReadsItsIndex() {
    ProductQuery browse = new ProductQuery("shoes", List.of(), 1_000L, 3_000L, ProductSort.PRICE);

    assertThat(QueryPlans.indexNames(mongo, Query.find("browse", ProductRepository.COLLECTION, browse.filter(),
        CursorQuery.findOptions("priceMinor", true, new PageRequest(20, null))))).containsExactly("products_by_price");
  }

  @Test
  @DisplayName("the relay's look for products with pending events reads outbox_pending")
  void pendingEventsReadTheOutboxIndex() {
    QueryPlans.assertServedByIndexes(mongo, List.of(Query.find("pending product events", ProductRepository.COLLECTION,
        new JsonObject().put(Outbox.FIELD + ".0", new JsonObject().put("$exists", true)),
        new FindOptions().setLimit(500)).reading(OutboxIndex.NAME)));
  }
}
