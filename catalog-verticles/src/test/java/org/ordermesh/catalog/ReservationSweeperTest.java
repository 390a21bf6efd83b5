package org.ordermesh.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordermesh.catalog.CatalogFixtures.commit;
import static org.ordermesh.catalog.CatalogFixtures.orderId;
import static org.ordermesh.catalog.CatalogFixtures.reserve;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.catalog.api.CatalogAddresses;
import org.ordermesh.catalog.inventory.InventoryRepository;
import org.ordermesh.platform.testing.Await;

@DisplayName("the reservation sweeper")
class ReservationSweeperTest {

  private static CatalogNode node;

  /** Reservations live one second and the sweeper looks every 100 ms; the demo catalog provides the stock. */
  @BeforeAll
  static void start() throws Exception {
    node = CatalogNode.start(new JsonObject()
        .put(CatalogConfig.SEED_DEMO, true)
        .put(CatalogConfig.RESERVATION_TTL_SECONDS, 1)
        .put(CatalogConfig.SWEEP_INTERVAL_MS, 100), false);
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

  private long available(String productId) {
    return stockOf(productId).getLong("available");
  }

  private JsonObject stockOf(String productId) {
    try {
      return node.mongo().findOne(InventoryRepository.COLLECTION, new JsonObject().put("_id", productId), null)
          .await(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
