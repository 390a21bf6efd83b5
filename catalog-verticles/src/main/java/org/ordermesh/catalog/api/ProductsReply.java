package org.ordermesh.catalog.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** {@code {v:1, products:[ProductSnapshot], missing:[ids]}}: products in the order asked, unknown ids apart. */
public record ProductsReply(List<ProductSnapshot> products, List<String> missing) {

  public ProductsReply {
    products = List.copyOf(products);
    missing = List.copyOf(missing);
  }

  public static ProductsReply fromJson(JsonObject json) {
    return new ProductsReply(
        json.getJsonArray("products").stream().map(p -> ProductSnapshot.fromJson((JsonObject) p)).toList(),
        json.getJsonArray("missing").stream().map(String.class::cast).toList());
  }

  public JsonObject toJson() {
    return new JsonObject().put("v", CatalogAddresses.VERSION)
        .put("products", new JsonArray(products.stream().map(ProductSnapshot::toJson).toList()))
        .put("missing", new JsonArray(missing));
  }
}
