package org.ordermesh.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordermesh.catalog.CatalogFixtures.commit;
import static org.ordermesh.catalog.CatalogFixtures.orderId;
import static org.ordermesh.catalog.CatalogFixtures.productWithStock;
import static org.ordermesh.catalog.CatalogFixtures.release;
import static org.ordermesh.catalog.CatalogFixtures.reserve;
import static org.ordermesh.catalog.CatalogFixtures.stock;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.catalog.api.CatalogAddresses;
import org.ordermesh.catalog.api.CatalogError;
import org.ordermesh.platform.security.ServiceToken;

@DisplayName("catalog.inventory commands")
class InventoryScopeTest {

  private static final String OTHER_CLIENT = "payments-only";
  private static final String OTHER_SECRET = "payments-only-secret";

  private static CatalogNode node;

  @BeforeAll
  static void start() throws Exception {
    node = CatalogNode.start(new JsonObject().put("ORDERMESH_AUTH_CLIENT_SECRETS", new JsonObject()
        .put(OTHER_CLIENT, new JsonObject().put("secret", OTHER_SECRET).put("scopes", new JsonArray()
            .add("payment.payments"))).encode()), true);
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  @Test
  @DisplayName("without a token are refused with FORBIDDEN (403) and reserve nothing")
  void withoutTokenRefused() throws Exception {
    String product = productWithStock(node, 5);
    String order = orderId();

    assertForbidden(node.refusal(CatalogAddresses.INVENTORY, reserve(order, product, 2), null));
    assertForbidden(node.refusal(CatalogAddresses.INVENTORY, reserve(order, product, 2), "Bearer not-a-token"));

    assertThat(stock(node, product).getInteger("available")).isEqualTo(5);
    // nothing was recorded for the order either: the same reserve with the service token goes through
    assertThat(node.ask(CatalogAddresses.INVENTORY, reserve(order, product, 2)).getString("status")).isEqualTo("RESERVED");
  }

  @Test
  @DisplayName("with a customer's token are refused and leave a reservation as it was")
  void customerRefused() throws Exception {
    String product = productWithStock(node, 5);
    String order = orderId();
    node.ask(CatalogAddresses.INVENTORY, reserve(order, product, 2));
    String customer = "Bearer " + node.customerToken();

    assertForbidden(node.refusal(CatalogAddresses.INVENTORY, commit(order), customer));
    assertForbidden(node.refusal(CatalogAddresses.INVENTORY, release(order), customer));
    assertForbidden(node.refusal(CatalogAddresses.INVENTORY, reserve(orderId(), product, 1), customer));

    assertThat(stock(node, product)).isEqualTo(new JsonObject().put("productId", product).put("available", 3).put("reserved", 2));
  }

  @Test
  @DisplayName("with a service token lacking catalog.inventory are refused and release nothing")
  void otherScopeRefused() throws Exception {
    String product = productWithStock(node, 5);
    String order = orderId();
    node.ask(CatalogAddresses.INVENTORY, reserve(order, product, 2));
    String other = "Bearer " + ServiceToken.forNode(node.vertx(), OTHER_CLIENT, OTHER_SECRET, Set.of("payment.payments"))
        .current().await(60, TimeUnit.SECONDS);

    assertForbidden(node.refusal(CatalogAddresses.INVENTORY, release(order), other));

    assertThat(stock(node, product)).isEqualTo(new JsonObject().put("productId", product).put("available", 3).put("reserved", 2));
  }

  private static void assertForbidden(ReplyException refusal) {
    assertThat(refusal.failureCode()).isEqualTo(403);
    assertThat(refusal.getMessage()).isEqualTo(CatalogError.FORBIDDEN.name());
  }
}
