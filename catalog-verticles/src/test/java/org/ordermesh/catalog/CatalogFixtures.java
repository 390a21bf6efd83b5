package org.ordermesh.catalog;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.UUID;
import org.ordermesh.catalog.api.CatalogAddresses;

/** Small factories for test data, made through the API as an admin would. */
final class CatalogFixtures {

  private CatalogFixtures() {
  }

  static JsonObject productBody(String name, String category, String price) {
    return new JsonObject()
        .put("name", name)
        .put("description", "A " + name + " for tests")
        .put("category", category)
        .put("price", new java.math.BigDecimal(price))
        .put("currency", "EUR")
        .put("sku", "SKU-" + UUID.randomUUID().toString().substring(0, 12))
        .put("attributes", new JsonObject().put("colour", "blue"));
  }

  /** Creates a product; the created representation. */
  static JsonObject createProduct(CatalogNode node, JsonObject body) throws Exception {
    HttpResponse<Buffer> created = node.send(HttpMethod.POST, "/api/v1/products", node.adminToken(), body);
    if (created.statusCode() != 201) {
      throw new AssertionError("creating a product failed: " + created.bodyAsString());
    }
    return created.bodyAsJsonObject();
  }

  /** A new product with {@code units} available; its id. */
  static String productWithStock(CatalogNode node, int units) throws Exception {
    return productWithStock(node, units, "widgets");
  }

  /** A new product of {@code category} with {@code units} available; its id. */
  static String productWithStock(CatalogNode node, int units, String category) throws Exception {
    String id = createProduct(node, productBody("widget " + UUID.randomUUID(), category, "9.99")).getString("id");
    if (units > 0) {
      adjust(node, id, units);
    }
    return id;
  }

  /** Adds {@code delta} units to the product's stock, as an admin would. */
  static void adjust(CatalogNode node, String productId, int delta) throws Exception {
    HttpResponse<Buffer> adjusted = node.send(HttpMethod.POST, "/api/v1/inventory/" + productId + "/adjustments", node.adminToken(),
        new JsonObject().put("delta", delta).put("reason", "stock for a test"));
    if (adjusted.statusCode() != 201) {
      throw new AssertionError("adjusting stock failed: " + adjusted.bodyAsString());
    }
  }

  static JsonObject stock(CatalogNode node, String productId) throws Exception {
    return node.send(HttpMethod.GET, "/api/v1/inventory/" + productId, node.adminToken(), null).bodyAsJsonObject();
  }

  static JsonObject reserve(String orderId, Object... productsAndQuantities) {
    JsonArray items = new JsonArray();
    for (int i = 0; i < productsAndQuantities.length; i += 2) {
      items.add(new JsonObject().put("productId", productsAndQuantities[i]).put("quantity", productsAndQuantities[i + 1]));
    }
    return new JsonObject().put("v", 1).put("action", CatalogAddresses.RESERVE).put("orderId", orderId).put("items", items);
  }

  static JsonObject release(String orderId) {
    return new JsonObject().put("v", 1).put("action", CatalogAddresses.RELEASE).put("orderId", orderId);
  }

  static JsonObject commit(String orderId) {
    return new JsonObject().put("v", 1).put("action", CatalogAddresses.COMMIT).put("orderId", orderId);
  }

  static String orderId() {
    return "order-" + UUID.randomUUID();
  }
}
