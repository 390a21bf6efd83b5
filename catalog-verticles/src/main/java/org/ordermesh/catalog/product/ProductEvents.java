package org.ordermesh.catalog.product;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;
import org.ordermesh.catalog.api.CatalogEvents;
import org.ordermesh.platform.outbox.OutboxEvent;

/** The events a product's changes cause; a product in them is the event view, with money in minor units. */
final class ProductEvents {

  /** The fields an admin edits, the ones {@code changed} may name. */
  private static final List<String> EDITABLE =
      List.of("name", "description", "category", "priceMinor", "currency", "sku", "attributes");

  private ProductEvents() {
  }

  static OutboxEvent created(Product product) {
    return OutboxEvent.of(CatalogEvents.PRODUCT_CREATED, product.id(), new JsonObject()
        .put("productId", product.id())
        .put("product", view(product)));
  }

  static OutboxEvent changed(Product before, Product after) {
    JsonObject was = view(before);
    JsonObject now = view(after);
    List<String> changed = EDITABLE.stream().filter(field -> !Objects.equals(was.getValue(field), now.getValue(field))).toList();
    return OutboxEvent.of(CatalogEvents.PRODUCT_CHANGED, after.id(), new JsonObject()
        .put("productId", after.id())
        .put("product", now)
        .put("changed", new JsonArray(changed)));
  }

  static OutboxEvent deleted(Product withdrawn) {
    return OutboxEvent.of(CatalogEvents.PRODUCT_DELETED, withdrawn.id(), new JsonObject()
        .put("productId", withdrawn.id())
        .put("version", withdrawn.version())
        .put("deletedAt", withdrawn.updatedAt().toString()));
  }

  // integer minor units rather than the API's decimal price: exact in every consumer's language
  private static JsonObject view(Product product) {
    return new JsonObject()
        .put("name", product.name())
        .put("description", product.description())
        .put("category", product.category())
        .put("priceMinor", product.priceMinor())
        .put("currency", product.currency())
        .put("sku", product.sku())
        .put("attributes", product.attributes().copy())
        .put("version", product.version())
        .put("createdAt", product.createdAt().toString())
        .put("updatedAt", product.updatedAt().toString());
  }
}
