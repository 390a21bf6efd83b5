package org.ordermesh.catalog.product;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.ordermesh.catalog.MongoDates;
import org.ordermesh.platform.http.page.CursorQuery;
import org.ordermesh.platform.http.page.PageRequest;
import org.ordermesh.platform.mongo.IndexDeclaration;
import org.ordermesh.platform.mongo.MongoRepository;

/**
 * Products, one document each. Changes are {@code update} commands filtered by {@code {_id, version}}: equality on
 * exactly the fields of a unique index, the one filter the embedded store answers from an index, and the
 * optimistic lock behind {@code If-Match}. (findAndModify is avoided: the embedded store leaves it out of its
 * oplog, so change streams would miss it.)
 */
public final class ProductRepository extends MongoRepository {

  public static final String COLLECTION = "products";

  public ProductRepository(MongoClient mongo) {
    super(mongo);
  }

  @Override
  protected String collection() {
    return COLLECTION;
  }

  @Override
  protected List<IndexDeclaration> indexes() {
    return List.of(
        IndexDeclaration.unique("products_sku", new JsonObject().put("sku", 1)),
        IndexDeclaration.unique("products_id_version", new JsonObject().put("_id", 1).put("version", 1)),
        // lists: equality on one facet, then the sort key with _id as tie-break, then the price range
        IndexDeclaration.of("products_by_price", new JsonObject().put("facets", 1).put("priceMinor", 1).put("_id", 1)),
        IndexDeclaration.of("products_by_name",
            new JsonObject().put("facets", 1).put("nameKey", 1).put("_id", 1).put("priceMinor", 1)),
        IndexDeclaration.of("products_by_newest",
            new JsonObject().put("facets", 1).put("createdAt", -1).put("_id", -1).put("priceMinor", 1)));
  }

  /** Fails with a duplicate-key error when the SKU is taken. */
  public Future<Product> insert(Product product) {
    return mongo.insert(COLLECTION, product.toDocument()).map(product);
  }

  public Future<Optional<Product>> findById(String id) {
    return mongo.findOne(COLLECTION, new JsonObject().put("_id", id), null)
        .map(doc -> Optional.ofNullable(doc).map(Product::fromDocument));
  }

  /** Every product, withdrawn ones included: what the cache starts from. */
  public Future<List<Product>> findAll() {
    return mongo.find(COLLECTION, new JsonObject()).map(docs -> docs.stream().map(Product::fromDocument).toList());
  }

  /** Raw documents of one page (limit+1 of them), for {@link org.ordermesh.platform.http.page.Pages#of}. */
  public Future<List<JsonObject>> list(ProductQuery query, PageRequest page) {
    String field = query.sort().field();
    boolean ascending = query.sort().ascending();
    return mongo.findWithOptions(COLLECTION, CursorQuery.filter(query.filter(), field, ascending, page.cursor()),
        CursorQuery.findOptions(field, ascending, page));
  }

  /** Replaces the editable fields if the product is still at {@code version}; empty when it is not. */
  public Future<Optional<Product>> replace(String id, long version, ProductDraft draft, Instant now) {
    return updateAt(id, version, new JsonObject().put("$set", Product.fields(draft, now)));
  }

  /** Withdraws the product from sale and from every list; empty when it is no longer at {@code version}. */
  public Future<Optional<Product>> softDelete(String id, long version, Instant now) {
    return updateAt(id, version, new JsonObject().put("$set", new JsonObject()
        .put("deleted", true).put("facets", new JsonArray()).put("updatedAt", MongoDates.of(now))));
  }

  private Future<Optional<Product>> updateAt(String id, long version, JsonObject update) {
    JsonObject atVersion = new JsonObject().put("_id", id).put("version", version);
    return mongo.updateCollection(COLLECTION, atVersion, update.put("$inc", new JsonObject().put("version", 1)))
        .compose(result -> result.getDocMatched() == 0
            ? Future.succeededFuture(Optional.<Product>empty())
            : findById(id));
  }
}
