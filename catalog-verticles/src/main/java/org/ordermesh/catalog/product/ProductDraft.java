package org.ordermesh.catalog.product;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.ordermesh.platform.http.ApiException;
import org.ordermesh.platform.http.FieldError;
import org.ordermesh.platform.http.JsonBodyValidator;

/** The fields an admin sets on a product (create and full replace), checked. */
public record ProductDraft(String name, String description, String category, long priceMinor, String currency,
                           String sku, JsonObject attributes) {

  /** Attribute keys are plain names, so they are also safe as Mongo keys; values are short scalars. */
  private static final JsonBodyValidator SCHEMA = JsonBodyValidator.of(new JsonObject("""
      {
        "type": "object",
        "additionalProperties": false,
        "required": ["name", "category", "price", "currency", "sku"],
        "properties": {
          "name": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "\\\\S"},
          "description": {"type": "string", "maxLength": 4000},
          "category": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,63}$"},
          "price": {"type": "number", "minimum": 0, "maximum": 10000000},
          "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
          "sku": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"},
          "attributes": {
            "type": "object",
            "maxProperties": 20,
            "propertyNames": {"pattern": "^[A-Za-z][A-Za-z0-9_-]{0,31}$"},
            "additionalProperties": {"type": ["string", "number", "boolean"], "maxLength": 200}
          }
        }
      }
      """));

  public ProductDraft {
    attributes = attributes.copy();
  }

  /** The draft a request body describes; 400 with every invalid field otherwise. */
  public static ProductDraft fromBody(JsonObject body) {
    SCHEMA.validate(body);
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
