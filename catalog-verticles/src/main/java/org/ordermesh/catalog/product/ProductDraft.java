package org.ordermesh.catalog.product;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.ordermesh.platform.http.ApiException;
import org.ordermesh.platform.http.FieldError;

/** The fields an admin sets on a product (create and full replace), checked. */
public record ProductDraft(String name, String description, String category, long priceMinor, String currency,
                           String sku, JsonObject attributes) {

  public ProductDraft {
    attributes = attributes.copy();
  }

  /**
   * The draft a request body describes, the body already valid against the document's {@code ProductDraft} schema;
   * 400 when the price has more decimals than its currency or the currency is not ISO 4217.
   */
  public static ProductDraft fromBody(JsonObject body) {
    List<FieldError> errors = new ArrayList<>();
    long priceMinor = 0;
    try {
      priceMinor = Money.toMinor(Money.decimal((Number) body.getValue("price")));
    } catch (IllegalArgumentException e) {
      errors.add(new FieldError("price", e.getMessage()));
    }
    try {
      Money.currency(body.getString("currency"));
    } catch (IllegalArgumentException e) {
      errors.add(new FieldError("currency", e.getMessage()));
    }
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
    return new ProductDraft(body.getString("name").strip(), body.getString("description", ""), body.getString("category"),
        priceMinor, body.getString("currency"), body.getString("sku"), body.getJsonObject("attributes", new JsonObject()));
  }

  static ProductDraft of(Product product) {
    return new ProductDraft(product.name(), product.description(), product.category(), product.priceMinor(),
        product.currency(), product.sku(), product.attributes());
  }

  List<String> keywords() {
    return Keywords.of(name, description);
  }
}
