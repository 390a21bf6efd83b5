package org.ordermesh.catalog.product;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.ordermesh.catalog.CatalogService;
import org.ordermesh.platform.http.page.CursorQuery;
import org.ordermesh.platform.http.page.PageRequest;
import org.ordermesh.platform.mongo.IndexDeclaration;
import org.ordermesh.platform.mongo.MongoDates;
import org.ordermesh.platform.mongo.MongoRepository;
import org.ordermesh.platform.outbox.Outbox;
import org.ordermesh.platform.outbox.OutboxIndex;
import org.ordermesh.platform.outbox.OutboxEvent;

/**
 * Products, one document each. Changes are {@code update} commands filtered by {@code {_id, version}}: a lookup
 * by {@code _id}, and the optimistic lock behind {@code If-Match}. Each write carries its event in the document's outbox, so the change and
 * its event are one write; never a replace, which would drop events the relay has not published yet. Reads leave
 * the outbox out.
 */
public final class ProductRepository extends MongoRepository {

  public static final String COLLECTION = "products";

  private final Vertx vertx;

  public ProductRepository(Vertx vertx, MongoClient mongo) {
    super(mongo, COLLECTION);
    this.vertx = vertx;
  }

  @Override
  protected List<IndexDeclaration> indexes() {
    return List.of(
        IndexDeclaration.unique("products_sku", new JsonObject().put("sku", 1)),
        OutboxIndex.pending(),
        // lists: equality on one facet, then the sort key with _id as tie-break, then the price range
        IndexDeclaration.of("products_by_price", new JsonObject().put("facets", 1).put("priceMinor", 1).put("_id", 1)),
        IndexDeclaration.of("products_by_name",
            new JsonObject().put("facets", 1).put("nameKey", 1).put("_id", 1).put("priceMinor", 1)),
        IndexDeclaration.of("products_by_newest",
            new JsonObject().put("facets", 1).put("createdAt", -1).put("_id", -1).put("priceMinor", 1)));
  }

  /** Stores a new product with its ProductCreated event; fails with a duplicate-key error when the SKU is taken. */
  public Future<Product> insert(Product product) {
    return mongo.insert(COLLECTION, Outbox.attach(product.toDocument(), List.of(ProductEvents.created(product))))
        .map(id -> nudgeRelay(product));
  }

  public Future<Optional<Product>> findById(String id) {
    return mongo.findOne(COLLECTION, new JsonObject().put("_id", id), Outbox.hidden())
        .map(doc -> Optional.ofNullable(doc).map(Product::fromDocument));
  }

  /** Every product, withdrawn ones included: what the cache starts from. */
  public Future<List<Product>> findAll() {
    return mongo.findWithOptions(COLLECTION, new JsonObject(), new FindOptions().setFields(Outbox.hidden()))
        .map(docs -> docs.stream().map(Product::fromDocument).toList());
  }

  /** Raw documents of one page (limit+1 of them), for {@link org.ordermesh.platform.http.page.Pages#of}. */
  public Future<List<JsonObject>> list(ProductQuery query, PageRequest page) {
    String field = query.sort().field();
    boolean ascending = query.sort().ascending();
    return mongo.findWithOptions(COLLECTION, CursorQuery.filter(query.filter(), field, ascending, page.cursor()),
        CursorQuery.findOptions(field, ascending, page).setFields(Outbox.hidden()));
  }

  /**
   * Replaces the editable fields of {@code current}, as read from this store, with a ProductChanged event; the
   * product as it is now, or empty when it is no longer at {@code current}'s version.
   */
  public Future<Optional<Product>> replace(Product current, ProductDraft draft, Instant now) {
    Product next = current.replacedBy(draft, now);
    return updateAt(current, next, new JsonObject().put("$set", Product.fields(draft, now)), ProductEvents.changed(current, next));
  }

  /** Withdraws the product from sale and from every list, with a ProductDeleted event; empty when it moved on. */
  public Future<Optional<Product>> softDelete(Product current, Instant now) {
    Product next = current.withdrawn(now);
    return updateAt(current, next, new JsonObject().put("$set", new JsonObject()
        .put("deleted", true).put("facets", new JsonArray()).put("updatedAt", MongoDates.of(now))), ProductEvents.deleted(next));
  }

  // state, version and event in one update at the version read, so the event describes exactly this change
  private Future<Optional<Product>> updateAt(Product current, Product next, JsonObject update, OutboxEvent event) {
    JsonObject atVersion = new JsonObject().put("_id", current.id()).put("version", current.version());
    update.put("$inc", new JsonObject().put("version", 1));
    return mongo.updateCollection(COLLECTION, atVersion, Outbox.push(update, List.of(event)))
        .map(result -> result.getDocMatched() == 0 ? Optional.<Product>empty() : Optional.of(nudgeRelay(next)));
  }

  private Product nudgeRelay(Product product) {
    Outbox.nudge(vertx, CatalogService.NAME, COLLECTION, product.id());
    return product;
  }
}
