package org.ordermesh.catalog.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.embedded.SharedInfra;
import org.ordermesh.platform.http.ApiException;
import org.ordermesh.platform.http.page.Cursor;
import org.ordermesh.platform.http.page.CursorCodec;
import org.ordermesh.platform.http.page.PageRequest;
import org.ordermesh.platform.http.page.Pages;
import org.ordermesh.platform.testing.Await;

/**
 * The browse lists the cache keeps against the store's indexes, on products created, repriced, moved between
 * categories and withdrawn, with ties in every sort key: each random browse, paged to its end, lists the same
 * products in the same order whichever of the two answers each page (the cursors pass between them).
 */
@DisplayName("the browse lists in memory")
class ProductListsTest {

  private static final Duration BOUND = Duration.ofSeconds(30);
  private static final List<String> CATEGORIES = List.of("kitchen", "garden", "toys");
  private static final List<String> NAMES = List.of("Kettle", "kettle", "Anvil", "Zebra mug", "lamp", "Émail pot");
  private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
  private static final int PRODUCTS = 150;
  private static final int BROWSES = 80;

  private final Random random = new Random(20261203);
  private Vertx vertx;
  private ProductRepository store;
  private ProductCache cache;
  private CursorCodec cursors;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    String database = "lists_" + UUID.randomUUID().toString().substring(0, 8);
    store = new ProductRepository(vertx, ProductCacheTest.client(vertx, SharedInfra.mongoConnectionString(), database));
    store.ensureIndexes().await(30, TimeUnit.SECONDS);
    cache = ProductCacheTest.startedCache(vertx, SharedInfra.mongoConnectionString(), database);
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    cursors = new CursorCodec(key);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("page for page the same as the store's indexes, whichever of the two serves each page")
  void sameAsTheStore() throws Exception {
    List<Product> stored = new ArrayList<>();
    for (int i = 0; i < PRODUCTS; i++) {
      Instant created = EPOCH.plusSeconds(random.nextInt(20));
      stored.add(written(store.insert(Product.create("p-" + UUID.randomUUID(), randomDraft(), created))));
    }
    for (int i = 0; i < PRODUCTS / 5; i++) {
      int at = random.nextInt(stored.size());
      Product current = stored.get(at);
      if (!current.deleted()) {
        stored.set(at, written(store.replace(current, randomDraft(), EPOCH.plusSeconds(100 + i)).map(found -> found.orElseThrow())));
      }
    }
    for (int i = 0; i < PRODUCTS / 10; i++) {
      int at = random.nextInt(stored.size());
      Product current = stored.get(at);
      if (!current.deleted()) {
        stored.set(at, written(store.softDelete(current, EPOCH.plusSeconds(200 + i)).map(found -> found.orElseThrow())));
      }
    }
    Await.until(BOUND, () -> cache.live());

    for (int i = 0; i < BROWSES; i++) {
      ProductQuery query = randomQuery();
      int limit = 1 + random.nextInt(9);
      List<String> fromStore = browse(query, limit, false);
      List<String> mixed = browse(query, limit, true);
      assertThat(mixed).as("%s, %d a page", query, limit).containsExactlyElementsOf(fromStore);
    }
  }

  @Test
  @DisplayName("refuses a cursor of another sort, as the store path does")
  void refusesAnotherSortsCursor() throws Exception {
    written(store.insert(Product.create("p-" + UUID.randomUUID(), randomDraft(), EPOCH)));
    Await.until(BOUND, () -> cache.live());
    PageRequest page = new PageRequest(20, new Cursor("nameKey", "kettle", "p-1"));

    assertThatThrownBy(() -> cache.list(new ProductQuery(null, List.of(), null, null, ProductSort.PRICE), page))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
  }

  // every page of one browse, each from the store or (when mixing) from memory at random
  private List<String> browse(ProductQuery query, int limit, boolean mixing) throws Exception {
    List<String> ids = new ArrayList<>();
    PageRequest page = new PageRequest(limit, null);
    for (int pages = 0; pages <= PRODUCTS; pages++) {
      String next;
      if (mixing && random.nextBoolean()) {
        ProductLists.Listed listed = cache.list(query, page).orElseThrow();
        listed.items().forEach(entry -> ids.add(entry.product().id()));
        next = listed.next() == null ? null : cursors.encode(listed.next());
      } else {
        var found = Pages.of(store.list(query, page).await(10, TimeUnit.SECONDS), page, query.sort().field(), cursors);
        found.items().forEach(doc -> ids.add(doc.getString("_id")));
        next = found.nextCursor();
      }
      if (next == null) {
        return ids;
      }
      page = new PageRequest(limit, cursors.decode(next));
    }
    throw new AssertionError("the browse did not end: " + query);
  }

  private Product written(io.vertx.core.Future<Product> write) throws Exception {
    Product product = write.await(10, TimeUnit.SECONDS);
    cache.written(product);
    return product;
  }

  private ProductQuery randomQuery() {
    String category = random.nextInt(4) == 0 ? null : CATEGORIES.get(random.nextInt(CATEGORIES.size()));
    Long min = random.nextBoolean() ? null : 100L * random.nextInt(8);
    Long max = random.nextBoolean() ? null : 100L * (4 + random.nextInt(8));
    ProductSort sort = ProductSort.values()[random.nextInt(ProductSort.values().length)];
    return new ProductQuery(category, List.of(), min, max, sort);
  }

  private ProductDraft randomDraft() {
    return new ProductDraft(NAMES.get(random.nextInt(NAMES.size())), "", CATEGORIES.get(random.nextInt(CATEGORIES.size())),
        100L * random.nextInt(12), "EUR", "SKU-" + UUID.randomUUID().toString().substring(0, 8), new JsonObject());
  }
}
