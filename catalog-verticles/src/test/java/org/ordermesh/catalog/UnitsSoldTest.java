package org.ordermesh.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordermesh.catalog.CatalogFixtures.commit;
import static org.ordermesh.catalog.CatalogFixtures.orderId;
import static org.ordermesh.catalog.CatalogFixtures.productWithStock;
import static org.ordermesh.catalog.CatalogFixtures.release;
import static org.ordermesh.catalog.CatalogFixtures.reserve;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.catalog.api.CatalogAddresses;
import org.ordermesh.catalog.inventory.InventoryRepository;

/** Units sold are counted by the commit that lets the units leave, on the stock record, and shown by the inventory report. */
@DisplayName("units sold")
class UnitsSoldTest {

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
  @DisplayName("a committed order's units are sold once however often its commit comes, and the inventory report shows them")
  void committedUnitsAreSoldOnce() throws Exception {
    String category = category();
    String product = productWithStock(node, 10, category);
    String repeated = orderId();
    String single = orderId();
    node.ask(CatalogAddresses.INVENTORY, reserve(repeated, product, 2));
    node.ask(CatalogAddresses.INVENTORY, reserve(single, product, 1));

    // two at once, then once more, as a saga retrying after a lost reply would
    Future.all(commitOnTheBus(repeated), commitOnTheBus(repeated)).await(20, TimeUnit.SECONDS);
    node.ask(CatalogAddresses.INVENTORY, commit(repeated));
    node.ask(CatalogAddresses.INVENTORY, commit(single));

    assertThat(sold(product)).isEqualTo(new JsonObject().put("unitsSold", 3).put("ordersSold", 2));
    JsonObject report = report(10);
    assertThat(categoryRow(report, category).getLong("unitsSold")).isEqualTo(3);
    assertThat(lowStockRow(report, product).getLong("unitsSold")).isEqualTo(3);
    assertThat(lowStockRow(report, product).getLong("available")).isEqualTo(7);
  }

  @Test
  @DisplayName("a released or refused reservation sells nothing")
  void releasedAndRefusedSellNothing() throws Exception {
    String category = category();
    String product = productWithStock(node, 3, category);
    String released = orderId();
    node.ask(CatalogAddresses.INVENTORY, reserve(released, product, 2));
    node.ask(CatalogAddresses.INVENTORY, release(released));
    node.refusal(CatalogAddresses.INVENTORY, commit(released));
    node.refusal(CatalogAddresses.INVENTORY, reserve(orderId(), product, 4));

    assertThat(sold(product)).isEqualTo(new JsonObject().put("unitsSold", 0).put("ordersSold", 0));
    assertThat(categoryRow(report(5), category).getLong("unitsSold")).isZero();
  }

  @Test
  @DisplayName("a stock record written before sales were counted on it shows zero sold, and counts on from there")
  void recordsWithoutCountsStartAtZero() throws Exception {
    String category = category();
    String product = productWithStock(node, 4, category);
    node.mongo().updateCollection(InventoryRepository.COLLECTION, new JsonObject().put("_id", product),
        new JsonObject().put("$unset", new JsonObject().put("unitsSold", "").put("ordersSold", "")))
        .await(20, TimeUnit.SECONDS);

    assertThat(lowStockRow(report(5), product).getLong("unitsSold")).isZero();

    String order = orderId();
    node.ask(CatalogAddresses.INVENTORY, reserve(order, product, 1));
    node.ask(CatalogAddresses.INVENTORY, commit(order));
    assertThat(sold(product)).isEqualTo(new JsonObject().put("unitsSold", 1).put("ordersSold", 1));
    assertThat(categoryRow(report(5), category).getLong("unitsSold")).isEqualTo(1);
  }

  private static Future<JsonObject> commitOnTheBus(String orderId) {
    return node.command(CatalogAddresses.INVENTORY, commit(orderId)).map(reply -> reply.body());
  }

  private static JsonObject sold(String productId) throws Exception {
    return node.mongo().findOne(InventoryRepository.COLLECTION, new JsonObject().put("_id", productId),
        new JsonObject().put("unitsSold", 1).put("ordersSold", 1).put("_id", 0)).await(20, TimeUnit.SECONDS);
  }

  private static JsonObject report(int lowStock) throws Exception {
    var answer = node.send(HttpMethod.GET, "/api/v1/reports/inventory?lowStock=" + lowStock, node.adminToken(), null);
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
    return answer.bodyAsJsonObject();
  }

  private static JsonObject categoryRow(JsonObject report, String category) {
    return report.getJsonArray("categories").stream().map(JsonObject.class::cast)
        .filter(row -> category.equals(row.getString("category"))).findFirst().orElseThrow();
  }

  private static JsonObject lowStockRow(JsonObject report, String productId) {
    return report.getJsonArray("lowStock").stream().map(JsonObject.class::cast)
        .filter(row -> productId.equals(row.getString("productId"))).findFirst().orElseThrow();
  }

  private static String category() {
    return "sold-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
