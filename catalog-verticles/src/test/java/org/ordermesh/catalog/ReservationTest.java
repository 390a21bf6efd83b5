package org.ordermesh.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordermesh.catalog.CatalogFixtures.commit;
import static org.ordermesh.catalog.CatalogFixtures.orderId;
import static org.ordermesh.catalog.CatalogFixtures.productWithStock;
import static org.ordermesh.catalog.CatalogFixtures.release;
import static org.ordermesh.catalog.CatalogFixtures.reserve;
import static org.ordermesh.catalog.CatalogFixtures.stock;

import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.catalog.api.CatalogAddresses;
import org.ordermesh.catalog.api.CatalogError;

@DisplayName("stock reservations on catalog.inventory")
class ReservationTest {

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
  @DisplayName("200 concurrent reservations of one unit against 50 in stock grant exactly 50 and leave none")
  void neverOversells() throws Exception {
    String product = productWithStock(node, 50);

    List<Future<Boolean>> attempts = IntStream.range(0, 200)
        .mapToObj(i -> node.command(CatalogAddresses.INVENTORY, reserve(orderId(), product, 1))
            .map(reply -> "RESERVED".equals(reply.body().getString("status")))
            .recover(failure -> Future.succeededFuture(false)))
        .toList();
    List<Boolean> granted = Future.all(attempts).await(60, TimeUnit.SECONDS).list();

    assertThat(granted.stream().filter(Boolean::booleanValue).count()).isEqualTo(50);
    assertThat(stock(node, product)).isEqualTo(new JsonObject().put("productId", product).put("available", 0).put("reserved", 50));
  }

  @Test
  @DisplayName("a reservation whose second line lacks stock is refused and changes nothing")
  void allOrNothing() throws Exception {
    String plenty = productWithStock(node, 10);
    String scarce = productWithStock(node, 1);

    ReplyException refused = node.refusal(CatalogAddresses.INVENTORY, reserve(orderId(), plenty, 3, scarce, 2));

    assertThat(refused.failureCode()).isEqualTo(409);
    assertThat(refused.getMessage()).isEqualTo(CatalogError.OUT_OF_STOCK.name());
    assertThat(stock(node, plenty).getLong("available")).isEqualTo(10);
    assertThat(stock(node, plenty).getLong("reserved")).isZero();
    assertThat(stock(node, scarce).getLong("available")).isEqualTo(1);
  }

  @Test
  @DisplayName("the same reserve sent twice reserves once and answers the same")
  void reserveIsIdempotent() throws Exception {
    String product = productWithStock(node, 5);
    String order = orderId();

    JsonObject first = node.ask(CatalogAddresses.INVENTORY, reserve(order, product, 2));
    JsonObject second = node.ask(CatalogAddresses.INVENTORY, reserve(order, product, 2));

    assertThat(first.getString("status")).isEqualTo("RESERVED");
    assertThat(first.getInteger("v")).isEqualTo(1);
    assertThat(first.getString("expiresAt")).isNotBlank();
    assertThat(second).isEqualTo(first);
    assertThat(stock(node, product).getLong("available")).isEqualTo(3);
  }

  @Test
  @DisplayName("commit takes the held stock for good, once, and a released reservation cannot be committed")
  void commitAndRelease() throws Exception {
    String product = productWithStock(node, 5);
    String kept = orderId();
    String dropped = orderId();
    node.ask(CatalogAddresses.INVENTORY, reserve(kept, product, 2));
    node.ask(CatalogAddresses.INVENTORY, reserve(dropped, product, 1));

    assertThat(node.ask(CatalogAddresses.INVENTORY, commit(kept)).getString("status")).isEqualTo("COMMITTED");
    assertThat(node.ask(CatalogAddresses.INVENTORY, commit(kept)).getString("status")).isEqualTo("COMMITTED");
    assertThat(node.ask(CatalogAddresses.INVENTORY, release(dropped)).getString("previous")).isEqualTo("RESERVED");
    assertThat(node.ask(CatalogAddresses.INVENTORY, release(dropped)).getString("previous")).isEqualTo("RELEASED");

    assertThat(stock(node, product)).isEqualTo(new JsonObject().put("productId", product).put("available", 3).put("reserved", 0));
    assertThat(node.refusal(CatalogAddresses.INVENTORY, commit(dropped)).getMessage()).isEqualTo("ALREADY_RELEASED");
    assertThat(node.refusal(CatalogAddresses.INVENTORY, release(kept)).getMessage()).isEqualTo("ALREADY_COMMITTED");
  }


  @Test
  @DisplayName("malformed messages, unknown actions and unknown products are refused with their codes")
  void refusals() throws Exception {
    ReplyException noVersion = node.refusal(CatalogAddresses.INVENTORY, reserve(orderId(), "p1", 1).put("v", 2));
    ReplyException badQuantity = node.refusal(CatalogAddresses.INVENTORY, reserve(orderId(), "p1", 0));
    ReplyException operatorId = node.refusal(CatalogAddresses.INVENTORY, reserve("$where", "p1", 1));
    ReplyException unknownAction = node.refusal(CatalogAddresses.INVENTORY, release(orderId()).put("action", "steal"));
    ReplyException unknownProduct = node.refusal(CatalogAddresses.INVENTORY, reserve(orderId(), "no-such-product", 1));
    ReplyException unknownReservation = node.refusal(CatalogAddresses.INVENTORY, commit(orderId()));

    for (ReplyException invalid : List.of(noVersion, badQuantity, operatorId, unknownAction)) {
      assertThat(invalid.failureCode()).isEqualTo(400);
      assertThat(invalid.getMessage()).isEqualTo("INVALID_MESSAGE");
    }
    assertThat(unknownProduct.failureCode()).isEqualTo(404);
    assertThat(unknownProduct.getMessage()).isEqualTo("UNKNOWN_PRODUCT");
    assertThat(unknownReservation.getMessage()).isEqualTo("UNKNOWN_RESERVATION");
  }

  @Test
  @DisplayName("catalog.products get answers snapshots in minor units and lists the unknown ids")
  void productSnapshots() throws Exception {
    JsonObject created = CatalogFixtures.createProduct(node, CatalogFixtures.productBody("teapot", "kitchen", "19.99"));
    String id = created.getString("id");

    JsonObject reply = node.ask(CatalogAddresses.PRODUCTS, new JsonObject().put("v", 1).put("action", "get")
        .put("ids", new JsonArray().add(id).add("missing-one")));

    assertThat(reply.getJsonArray("products")).containsExactly(new JsonObject().put("id", id).put("name", "teapot")
        .put("priceMinor", 1999).put("currency", "EUR").put("available", true));
    assertThat(reply.getJsonArray("missing")).containsExactly("missing-one");
  }

  @Test
  @DisplayName("both addresses are published in service discovery")
  void publishedInDiscovery() throws Exception {
    var registry = node.testNode().runtime().registry();

    assertThat(registry.lookupEventBus(CatalogAddresses.INVENTORY).await(5, TimeUnit.SECONDS)).isEqualTo(CatalogAddresses.INVENTORY);
    assertThat(registry.lookupEventBus(CatalogAddresses.PRODUCTS).await(5, TimeUnit.SECONDS)).isEqualTo(CatalogAddresses.PRODUCTS);
  }
}
