package org.ordermesh.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordermesh.catalog.CatalogFixtures.orderId;
import static org.ordermesh.catalog.CatalogFixtures.reserve;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.catalog.api.CatalogAddresses;
import org.ordermesh.catalog.inventory.InventoryRepository;
import org.ordermesh.catalog.inventory.ReservationRepository;
import org.ordermesh.platform.testing.Await;

/**
 * The sweeper at its default interval: a reservation nobody commits is released within 5 s of its expiry. The
 * hold check is put off for an hour, so the sweeper's look at due reservations is what releases it.
 */
@DisplayName("the reservation sweeper at its default interval")
class ReservationExpiryTest {

  private static final Duration RELEASED_WITHIN = Duration.ofSeconds(5);

  private static CatalogNode node;

  @BeforeAll
  static void start() throws Exception {
    node = CatalogNode.start(new JsonObject()
        .put(CatalogConfig.SEED_DEMO, true)
        .put(CatalogConfig.RESERVATION_TTL_SECONDS, 2)
        .put(CatalogConfig.HOLD_CHECK_INTERVAL_MS, 3_600_000), true);
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  @Test
  @DisplayName("releases a reservation within 5 s of its expiry, not before it")
  void releasesWithinFiveSecondsOfExpiry() throws Exception {
    String order = orderId();
    long before = available("demo-kettle");

    Instant expiresAt = Instant.parse(node.ask(CatalogAddresses.INVENTORY, reserve(order, "demo-kettle", 1)).getString("expiresAt"));
    assertThat(available("demo-kettle")).isEqualTo(before - 1);
    Await.until(Duration.between(Instant.now(), expiresAt.plus(RELEASED_WITHIN)), () -> available("demo-kettle") == before);

    assertThat(Instant.now()).as("released after its expiry").isAfterOrEqualTo(expiresAt);
    assertThat(reservation(order).getString("state")).isEqualTo("EXPIRED");
  }

  private long available(String productId) {
    return find(InventoryRepository.COLLECTION, productId).getLong("available");
  }

  private JsonObject reservation(String orderId) {
    return find(ReservationRepository.COLLECTION, orderId);
  }

  private JsonObject find(String collection, String id) {
    try {
      return node.mongo().findOne(collection, new JsonObject().put("_id", id), null).await(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
