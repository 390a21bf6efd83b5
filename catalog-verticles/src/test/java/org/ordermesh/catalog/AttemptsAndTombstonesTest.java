package org.ordermesh.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordermesh.catalog.CatalogFixtures.commit;
import static org.ordermesh.catalog.CatalogFixtures.orderId;
import static org.ordermesh.catalog.CatalogFixtures.productWithStock;
import static org.ordermesh.catalog.CatalogFixtures.release;
import static org.ordermesh.catalog.CatalogFixtures.reserve;
import static org.ordermesh.catalog.CatalogFixtures.stock;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.catalog.api.CatalogAddresses;
import org.ordermesh.catalog.api.CatalogError;
import org.ordermesh.catalog.api.ReservationReply;
import org.ordermesh.catalog.api.ReserveStock;
import org.ordermesh.catalog.api.StockLine;

@DisplayName("attempts and tombstones on catalog.inventory")
class AttemptsAndTombstonesTest {

  private static CatalogNode node;

  @BeforeAll
  static void start() throws Exception {
    node = CatalogNode.start(new JsonObject(), true);
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  @Test
  @DisplayName("a release before any reserve answers RELEASED, and the late reserve is refused ALREADY_COMPENSATED holding nothing")
  void releaseBeforeReserveLeavesATombstone() throws Exception {
    String product = productWithStock(node, 5);
    String other = productWithStock(node, 5);
    String order = orderId();
    String severalLines = orderId();

    JsonObject released = node.ask(CatalogAddresses.INVENTORY, release(order).put("attempt", 2));
    node.ask(CatalogAddresses.INVENTORY, release(severalLines));
    ReplyException late = node.refusal(CatalogAddresses.INVENTORY, reserve(order, product, 1));
    ReplyException lateSeveral = node.refusal(CatalogAddresses.INVENTORY, reserve(severalLines, product, 1, other, 2));

    assertThat(ReservationReply.fromJson(released)).isEqualTo(ReservationReply.released(order, ReservationReply.NONE, 2));
    assertThat(late.failureCode()).isEqualTo(409);
    assertThat(late.getMessage()).isEqualTo(CatalogError.ALREADY_COMPENSATED.name());
    assertThat(lateSeveral.getMessage()).isEqualTo(CatalogError.ALREADY_COMPENSATED.name());
    assertThat(node.refusal(CatalogAddresses.INVENTORY, commit(order)).getMessage()).isEqualTo("ALREADY_COMPENSATED");
    for (String productId : List.of(product, other)) {
      assertThat(stock(node, productId)).isEqualTo(new JsonObject().put("productId", productId).put("available", 5).put("reserved", 0));
    }
    // the tombstone's release again: the same decision
    assertThat(node.ask(CatalogAddresses.INVENTORY, release(order).put("attempt", 3)).getString("previous")).isEqualTo("NONE");
  }

  @Test
  @DisplayName("every reply echoes the command's order id and attempt; a message without an attempt is attempt 1")
  void repliesEchoTheAttempt() throws Exception {
    String product = productWithStock(node, 5);
    String order = orderId();

    JsonObject reserved = node.ask(CatalogAddresses.INVENTORY, new ReserveStock(order, List.of(new StockLine(product, 1)), 4).toJson());
    JsonObject committed = node.ask(CatalogAddresses.INVENTORY, commit(order));

    assertThat(reserved.getMap()).containsEntry("orderId", order).containsEntry("attempt", 4).containsEntry("status", "RESERVED");
    assertThat(committed.getMap()).containsEntry("orderId", order).containsEntry("attempt", 1).containsEntry("status", "COMMITTED");
  }

  @Test
  @DisplayName("a later or a stale attempt of the same command gets the first decision and moves no stock again")
  void repeatedAttemptsChangeNothing() throws Exception {
    String product = productWithStock(node, 5);
    String scarce = productWithStock(node, 1);
    String order = orderId();
    String refused = orderId();

    JsonObject first = node.ask(CatalogAddresses.INVENTORY, reserve(order, product, 2).put("attempt", 2));
    JsonObject later = node.ask(CatalogAddresses.INVENTORY, reserve(order, product, 2).put("attempt", 3));
    JsonObject stale = node.ask(CatalogAddresses.INVENTORY, reserve(order, product, 2).put("attempt", 1));
    JsonObject releasedOnce = node.ask(CatalogAddresses.INVENTORY, release(order).put("attempt", 1));
    JsonObject releasedAgain = node.ask(CatalogAddresses.INVENTORY, release(order).put("attempt", 2));
    ReplyException staleReserve = node.refusal(CatalogAddresses.INVENTORY, reserve(order, product, 2).put("attempt", 1));
    ReplyException outOfStock = node.refusal(CatalogAddresses.INVENTORY, reserve(refused, scarce, 2));
    CatalogFixtures.adjust(node, scarce, 5);
    ReplyException stillOut = node.refusal(CatalogAddresses.INVENTORY, reserve(refused, scarce, 2).put("attempt", 2));

    assertThat(later.copy().put("attempt", 2)).isEqualTo(first);
    assertThat(stale.copy().put("attempt", 2)).isEqualTo(first);
    assertThat(later.getInteger("attempt")).isEqualTo(3);
    assertThat(releasedOnce.getString("previous")).isEqualTo("RESERVED");
    assertThat(releasedAgain.getString("previous")).isEqualTo("RELEASED");
    assertThat(staleReserve.getMessage()).isEqualTo("ALREADY_RELEASED");
    assertThat(outOfStock.getMessage()).isEqualTo("OUT_OF_STOCK");
    assertThat(stillOut.getMessage()).isEqualTo("OUT_OF_STOCK");
    assertThat(stock(node, product).getLong("available")).isEqualTo(5);
    assertThat(stock(node, product).getLong("reserved")).isZero();
    // restocked, yet the refused order stays refused: the first decision stands
    assertThat(stock(node, scarce)).isEqualTo(new JsonObject().put("productId", scarce).put("available", 6).put("reserved", 0));
  }

  @Test
  @DisplayName("an attempt that is not an integer from 1 is INVALID_MESSAGE and changes nothing")
  void invalidAttempts() throws Exception {
    String product = productWithStock(node, 5);

    for (Object attempt : List.of(0, -1, 1.5, "2", true)) {
      ReplyException invalid = node.refusal(CatalogAddresses.INVENTORY, reserve(orderId(), product, 1).put("attempt", attempt));
      assertThat(invalid.failureCode()).isEqualTo(400);
      assertThat(invalid.getMessage()).isEqualTo("INVALID_MESSAGE");
    }
    assertThat(node.refusal(CatalogAddresses.INVENTORY, release(orderId()).put("attempt", 0)).getMessage()).isEqualTo("INVALID_MESSAGE");
    assertThat(node.refusal(CatalogAddresses.INVENTORY, commit(orderId()).put("attempt", "1")).getMessage()).isEqualTo("INVALID_MESSAGE");
    assertThat(stock(node, product).getLong("available")).isEqualTo(5);
  }
}
