package org.ordermesh.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordermesh.catalog.CatalogFixtures.commit;
import static org.ordermesh.catalog.CatalogFixtures.orderId;
import static org.ordermesh.catalog.CatalogFixtures.reserve;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.catalog.api.CatalogAddresses;
import org.ordermesh.catalog.inventory.InventoryRepository;
import org.ordermesh.catalog.inventory.ReservationRepository;
import org.ordermesh.platform.mongo.MongoDates;
import org.ordermesh.platform.testing.Await;

@DisplayName("the reservation sweeper")
class ReservationSweeperTest {

  private static CatalogNode node;

  /**
   * Reservations live one second (so holds are checked once a second old) and the sweeper looks every 100 ms; the
   * demo catalog provides the stock, each test its own products.
   */
  @BeforeAll
  static void start() throws Exception {
    node = CatalogNode.start(new JsonObject()
        .put(CatalogConfig.SEED_DEMO, true)
        .put(CatalogConfig.RESERVATION_TTL_SECONDS, 1)
        .put(CatalogConfig.SWEEP_INTERVAL_MS, 100)
        .put(CatalogConfig.HOLD_CHECK_INTERVAL_MS, 100), true);
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  @Test
  @DisplayName("releases a reservation nobody committed once it expired, and a late commit is refused")
  void releasesExpiredReservations() throws Exception {
    String order = orderId();
    long before = available("demo-mug");

    node.ask(CatalogAddresses.INVENTORY, reserve(order, "demo-mug", 3, "demo-kettle", 1));
    assertThat(available("demo-mug")).isEqualTo(before - 3);

    Await.until(Duration.ofSeconds(10), () -> available("demo-mug") == before);
    assertThat(node.refusal(CatalogAddresses.INVENTORY, commit(order)).getMessage()).isEqualTo("RESERVATION_EXPIRED");
    assertThat(stockOf("demo-kettle").getLong("reserved")).isZero();
  }

  @Test
  @DisplayName("releases a one-line reservation nobody committed once it expired, and counts no sale")
  void releasesExpiredOneLineReservations() throws Exception {
    String order = orderId();
    long before = available("demo-grinder");
    long soldBefore = unitsSold("demo-grinder");

    node.ask(CatalogAddresses.INVENTORY, reserve(order, "demo-grinder", 2));
    assertThat(available("demo-grinder")).isEqualTo(before - 2);

    Await.until(Duration.ofSeconds(10), () -> available("demo-grinder") == before);
    assertThat(node.refusal(CatalogAddresses.INVENTORY, commit(order)).getMessage()).isEqualTo("RESERVATION_EXPIRED");
    assertThat(stockOf("demo-grinder").getLong("reserved")).isZero();
    assertThat(unitsSold("demo-grinder")).isEqualTo(soldBefore);
  }

  @Test
  @DisplayName("gives back a hold whose node died before writing the reservation, and refuses the late reserve")
  void givesBackOrphanHolds() throws Exception {
    String order = orderId();
    long before = available("demo-espresso");

    holdBehindTheApi("demo-espresso", order, 5, "lost-hold");
    Await.until(Duration.ofSeconds(10), () -> available("demo-espresso") == before);

    assertThat(stockOf("demo-espresso").getLong("reserved")).isZero();
    assertThat(node.refusal(CatalogAddresses.INVENTORY, reserve(order, "demo-espresso", 5)).getMessage()).isEqualTo("RESERVATION_EXPIRED");
    assertThat(available("demo-espresso")).isEqualTo(before);
  }

  @Test
  @DisplayName("lets the stock of a commit leave, sold once, when the committing node died before it followed")
  void finishesCommitsWhoseStockDidNotFollow() throws Exception {
    String order = orderId();
    long before = available("demo-filter");
    long soldBefore = unitsSold("demo-filter");
    await(node.mongo().insert(ReservationRepository.COLLECTION, new JsonObject().put("_id", order).put("state", "COMMITTED")
        .put("lines", new JsonArray().add(new JsonObject().put("productId", "demo-filter").put("quantity", 3)))
        .put("expiresAt", MongoDates.of(Instant.now())).put("settledAt", MongoDates.of(Instant.now()))
        .put("holdId", "committed-hold").put("version", 3)));

    holdBehindTheApi("demo-filter", order, 3, "committed-hold");
    Await.until(Duration.ofSeconds(10), () -> stockOf("demo-filter").getLong("reserved") == 0);

    assertThat(available("demo-filter")).isEqualTo(before - 3);
    assertThat(unitsSold("demo-filter")).isEqualTo(soldBefore + 3);
    // the commit repeated after the sweeper finished it finds no hold left, so sells nothing more
    assertThat(node.ask(CatalogAddresses.INVENTORY, commit(order)).getString("status")).isEqualTo("COMMITTED");
    assertThat(unitsSold("demo-filter")).isEqualTo(soldBefore + 3);
  }

  @Test
  @DisplayName("a node killed after one batch wrote many orders' holds, before their reservations: the orphans go back, the reserved stay")
  void repairsABatchCutShort() throws Exception {
    String owned = orderId();
    List<String> orphans = IntStream.range(0, 10).mapToObj(i -> orderId()).toList();
    long before = available("demo-mug");
    // the one order of the batch whose reservation was written (due in an hour, so only the hold check looks)
    await(node.mongo().insert(ReservationRepository.COLLECTION, new JsonObject().put("_id", owned).put("state", "RESERVED")
        .put("lines", new JsonArray().add(new JsonObject().put("productId", "demo-mug").put("quantity", 1)))
        .put("expiresAt", MongoDates.of(Instant.now().plusSeconds(3600))).put("due", MongoDates.of(Instant.now().plusSeconds(3600)))
        .put("holdId", "batch-" + owned).put("version", 1)));

    // one update holding eleven orders' units, as a batch writes them; the node died before the other reservations
    JsonArray holds = new JsonArray().add(hold(owned, 1));
    orphans.forEach(order -> holds.add(hold(order, 2)));
    var written = await(node.mongo().updateCollection(InventoryRepository.COLLECTION,
        new JsonObject().put("_id", "demo-mug").put("version", stockOf("demo-mug").getLong("version")),
        new JsonObject().put("$inc", new JsonObject().put("available", -21).put("reserved", 21).put("version", 1))
            .put("$push", new JsonObject().put("holds", new JsonObject().put("$each", holds)))));
    assertThat(written.getDocMatched()).isEqualTo(1);

    Await.until(Duration.ofSeconds(10), () -> available("demo-mug") == before - 1);
    assertThat(stockOf("demo-mug").getLong("reserved")).isEqualTo(1);
    for (String order : orphans) {
      assertThat(node.refusal(CatalogAddresses.INVENTORY, reserve(order, "demo-mug", 2)).getMessage()).isEqualTo("RESERVATION_EXPIRED");
    }
    assertThat(node.ask(CatalogAddresses.INVENTORY, commit(owned)).getString("status")).isEqualTo("COMMITTED");
    assertThat(available("demo-mug")).isEqualTo(before - 1);
    assertThat(stockOf("demo-mug").getLong("reserved")).isZero();
  }

  private static JsonObject hold(String orderId, int quantity) {
    return new JsonObject().put("orderId", orderId).put("quantity", quantity).put("holdId", "batch-" + orderId)
        .put("at", MongoDates.of(Instant.now().minusSeconds(60)));
  }

  /** What a reserve that held a line did to the stock document, a minute ago. */
  private void holdBehindTheApi(String productId, String orderId, int quantity, String holdId) {
    JsonObject stock = stockOf(productId);
    JsonObject hold = new JsonObject().put("orderId", orderId).put("quantity", quantity).put("holdId", holdId)
        .put("at", MongoDates.of(Instant.now().minusSeconds(60)));
    var written = await(node.mongo().updateCollection(InventoryRepository.COLLECTION,
        new JsonObject().put("_id", productId).put("version", stock.getLong("version")),
        new JsonObject().put("$inc", new JsonObject().put("available", -quantity).put("reserved", quantity).put("version", 1))
            .put("$push", new JsonObject().put("holds", hold))));
    assertThat(written.getDocMatched()).isEqualTo(1);
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.await(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private long available(String productId) {
    return stockOf(productId).getLong("available");
  }

  private long unitsSold(String productId) {
    return stockOf(productId).getLong("unitsSold", 0L);
  }

  private JsonObject stockOf(String productId) {
    return await(node.mongo().findOne(InventoryRepository.COLLECTION, new JsonObject().put("_id", productId), null));
  }
}
