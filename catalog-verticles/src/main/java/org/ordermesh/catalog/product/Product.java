package org.ordermesh.catalog.product;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Locale;
import org.ordermesh.catalog.api.ProductSnapshot;
import org.ordermesh.platform.mongo.MongoDates;

/**
 * A product as stored: money in minor units, attributes embedded (a small map always read with the product),
 * {@code version} bumped by every change (it is the ETag), {@code deleted} set instead of removing the
 * document so orders and reservations that name it keep resolving.
 */
public record Product(String id, String name, String description, String category, long priceMinor, String currency,
                      String sku, JsonObject attributes, long version, Instant createdAt, Instant updatedAt,
                      boolean deleted) {

  public Product {
    attributes = attributes.copy();
  }

  public static Product create(String id, ProductDraft draft, Instant now) {
    return new Product(id, draft.name(), draft.description(), draft.category(), draft.priceMinor(), draft.currency(),
        draft.sku(), draft.attributes(), 1, now, now, false);
  }

  /** The product after an admin replaced its editable fields. */
  Product replacedBy(ProductDraft draft, Instant now) {
    return new Product(id, draft.name(), draft.description(), draft.category(), draft.priceMinor(), draft.currency(),
        draft.sku(), draft.attributes(), version + 1, createdAt, now, false);
  }

  /** The product withdrawn from sale; the document stays, so orders that name it keep resolving. */
  Product withdrawn(Instant now) {
    return new Product(id, name, description, category, priceMinor, currency, sku, attributes, version + 1, createdAt,
        now, true);
  }

  public String etag() {
    return "\"" + version + "\"";
  }

  public JsonObject toDocument() {
    return new JsonObject().put("_id", id).put("version", version).put("createdAt", MongoDates.of(createdAt))
        .mergeIn(fields(ProductDraft.of(this), updatedAt)).put("deleted", deleted);
  }

  /** The fields a create or replace writes, with the search fields derived from them. */
  static JsonObject fields(ProductDraft draft, Instant updatedAt) {
    return new JsonObject()
        .put("name", draft.name())
        .put("nameKey", nameKey(draft.name()))
        .put("description", draft.description())
        .put("category", draft.category())
        .put("priceMinor", draft.priceMinor())
        .put("currency", draft.currency())
        .put("sku", draft.sku())
        .put("attributes", draft.attributes())
        .put("keywords", new JsonArray(draft.keywords()))
        .put("facets", new JsonArray(Facets.of(draft.category(), draft.keywords())))
        .put("updatedAt", MongoDates.of(updatedAt));
  }

  /** What a sort by name compares: the name in lower case. */
  public String nameKey() {
    return nameKey(name);
  }

  private static String nameKey(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  public static Product fromDocument(JsonObject doc) {
    return new Product(doc.getString("_id"), doc.getString("name"), doc.getString("description"),
        doc.getString("category"), doc.getLong("priceMinor"), doc.getString("currency"), doc.getString("sku"),
        doc.getJsonObject("attributes", new JsonObject()), doc.getLong("version"),
        MongoDates.read(doc, "createdAt"), MongoDates.read(doc, "updatedAt"), doc.getBoolean("deleted", false));
  }

  /** The HTTP shape: {@code price} a decimal number of at most two places. */
  public JsonObject toApi() {
    return new JsonObject()
        .put("id", id)
        .put("name", name)
        .put("description", description)
        .put("category", category)
        .put("price", Money.fromMinor(priceMinor))
        .put("currency", currency)
        .put("sku", sku)
        .put("attributes", attributes.copy())
        .put("version", version)
        .put("createdAt", createdAt.toString())
        .put("updatedAt", updatedAt.toString());
  }

  public ProductSnapshot snapshot() {
    return new ProductSnapshot(id, name, priceMinor, currency, !deleted);
  }
}
