package org.ordermesh.catalog.product;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.ordermesh.catalog.api.CatalogAddresses;
import org.ordermesh.catalog.api.CatalogException;
import org.ordermesh.catalog.api.GetProducts;
import org.ordermesh.catalog.inventory.InventoryRepository;
import org.ordermesh.platform.http.ApiException;
import org.ordermesh.platform.http.Bodies;
import org.ordermesh.platform.http.QueryParams;
import org.ordermesh.platform.http.RequestSchemas;
import org.ordermesh.platform.http.page.CursorCodec;
import org.ordermesh.platform.http.page.PageRequest;
import org.ordermesh.platform.http.page.Pages;
import org.ordermesh.platform.mongo.MongoErrors;

/** The product endpoints: anyone lists and reads, admins write. */
public final class ProductEndpoints {

  public static final String BASE = "/api/v1/products";
  private static final String JSON = "application/json";

  private final ProductRepository products;
  private final ProductCache cache;
  private final InventoryRepository stock;
  private final CursorCodec cursors;
  private final RequestSchemas schemas;

  public ProductEndpoints(ProductRepository products, ProductCache cache, InventoryRepository stock, CursorCodec cursors,
                          RequestSchemas schemas) {
    this.products = products;
    this.cache = cache;
    this.stock = stock;
    this.cursors = cursors;
    this.schemas = schemas;
  }

  public Future<?> listProducts(RoutingContext ctx) {
    record ListRequest(ProductQuery query, PageRequest page) {
    }
    ListRequest request = QueryParams.read(ctx, q -> new ListRequest(ProductQuery.read(q), PageRequest.from(q, cursors)));
    var listed = cache.list(request.query(), request.page());
    if (listed.isPresent()) {
      return Pages.sendEncoded(ctx, listed.get().items().stream().map(ProductCache.Entry::body).toList(),
          listed.get().next() == null ? null : cursors.encode(listed.get().next()));
    }
    String sortField = request.query().sort().field();
    return products.list(request.query(), request.page())
        .map(docs -> Pages.of(docs, request.page(), sortField, cursors).map(doc -> Product.fromDocument(doc).toApi()))
        .compose(page -> Pages.send(ctx, page));
  }

  /** Whether the product was ever created, withdrawn or not. */
  public Future<Boolean> exists(String id) {
    return cache.get(id).map(found -> found.isPresent());
  }

  // the hot read: the body was encoded once for this version, when the cache took it in
  public Future<?> getProduct(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    return cache.entry(id).compose(found -> {
      ProductCache.Entry entry = found.filter(live -> !live.product().deleted())
          .orElseThrow(() -> ApiException.notFound("no product " + id));
      ctx.response().putHeader(HttpHeaders.ETAG, entry.etag());
      if (matchesNoneOf(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH), entry.etag())) {
        return ctx.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(entry.body());
      }
      return ctx.response().setStatusCode(304).end();
    });
  }

  /** The snapshots an order needs, for clients outside the cluster: the HTTP twin of {@code catalog.products get}. */
  public Future<?> snapshotProducts(RoutingContext ctx) {
    JsonObject body = Bodies.requireJsonObject(ctx);
    GetProducts request = readIds(body);
    return cache.getAll(request.ids()).compose(found -> {
      List<String> foundIds = found.stream().map(Product::id).toList();
      JsonArray items = new JsonArray(found.stream().map(ProductEndpoints::snapshotView).toList());
      JsonArray missing = new JsonArray(request.ids().stream().filter(id -> !foundIds.contains(id)).toList());
      return send(ctx, 200, new JsonObject().put("products", items).put("missing", missing));
    });
  }

  public Future<?> createProduct(RoutingContext ctx) {
    ProductDraft draft = ProductDraft.fromBody(schemas.validBody(ctx, "createProduct"));
    Product product = Product.create(UUID.randomUUID().toString(), draft, now());
    return products.insert(product)
        .recover(failure -> Future.failedFuture(skuTaken(failure, draft.sku())))
        // its stock record, empty, so reserve can tell "out of stock" from "no such product"
        .compose(created -> stock.createEmpty(created.id(), created.createdAt()).map(created))
        .compose(created -> {
          cache.written(created);
          ctx.response().putHeader(HttpHeaders.LOCATION, BASE + "/" + created.id()).putHeader(HttpHeaders.ETAG, created.etag());
          return send(ctx, 201, created.toApi());
        });
  }

  public Future<?> replaceProduct(RoutingContext ctx) {
    long expected = requiredVersion(ctx);
    ProductDraft draft = ProductDraft.fromBody(schemas.validBody(ctx, "replaceProduct"));
    String id = ctx.pathParam("id");
    return storedProduct(id)
        .compose(current -> current.version() == expected
            ? products.replace(current, draft, now())
            : Future.succeededFuture(Optional.<Product>empty()))
        .recover(failure -> Future.failedFuture(skuTaken(failure, draft.sku())))
        .compose(replaced -> replaced.isPresent() ? Future.succeededFuture(replaced.get()) : staleVersion(id))
        .compose(product -> {
          cache.written(product);
          ctx.response().putHeader(HttpHeaders.ETAG, product.etag());
          return send(ctx, 200, product.toApi());
        });
  }

  public Future<?> deleteProduct(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    return storedProduct(id)
        .compose(current -> products.softDelete(current, now()))
        .map(deleted -> deleted.orElseThrow(() -> ApiException.conflict("the product changed while being deleted; retry")))
        .compose(product -> {
          cache.written(product);
          return ctx.response().setStatusCode(204).end();
        });
  }

  // the stored product, not the cached one, which may trail another node's change by a moment: a write's event
  // describes the change from exactly what it replaced
  private Future<Product> storedProduct(String id) {
    return products.findById(id).map(found -> found.filter(product -> !product.deleted())
        .orElseThrow(() -> ApiException.notFound("no product " + id)));
  }

  // not replaced: the product is not at the If-Match version or moved on before the update (412), or was withdrawn (404)
  private Future<Product> staleVersion(String id) {
    return products.findById(id).map(found -> {
      Product current = found.filter(product -> !product.deleted())
          .orElseThrow(() -> ApiException.notFound("no product " + id));
      throw ApiException.preconditionFailed("the product is at version " + current.version())
          .withHeader(HttpHeaders.ETAG.toString(), current.etag());
    });
  }

  /** The one mapping of a write's driver error: a duplicate key on products is the SKU's unique index. */
  private static Throwable skuTaken(Throwable failure, String sku) {
    if (MongoErrors.isDuplicateKey(failure)) {
      return ApiException.conflict("SKU " + sku + " is already used by another product").withType("sku-taken");
    }
    return failure;
  }

  private static long requiredVersion(RoutingContext ctx) {
    String ifMatch = ctx.request().getHeader(HttpHeaders.IF_MATCH);
    if (ifMatch == null || ifMatch.isBlank()) {
      throw ApiException.preconditionRequired("If-Match with the product's ETag is required");
    }
    String tag = ifMatch.trim();
    if (tag.length() > 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
      try {
        return Long.parseLong(tag.substring(1, tag.length() - 1));
      } catch (NumberFormatException e) {
        // no version of ours looks like this, so it cannot match
      }
    }
    throw ApiException.preconditionFailed("If-Match does not name a version of this product");
  }

  // weak comparison (RFC 9110 13.1.2): W/"3" and "3" name the same version
  private static boolean matchesNoneOf(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return true;
    }
    return Arrays.stream(ifNoneMatch.split(","))
        .map(tag -> tag.trim().replaceFirst("^W/", ""))
        .noneMatch(tag -> tag.equals("*") || tag.equals(etag));
  }

  // the same rules as the bus message, reported as a field error
  private static GetProducts readIds(JsonObject body) {
    try {
      return GetProducts.fromJson(new JsonObject().put("v", CatalogAddresses.VERSION).put("ids", body.getValue("ids")));
    } catch (CatalogException e) {
      throw ApiException.invalid("ids", e.getMessage());
    }
  }

  private static JsonObject snapshotView(Product product) {
    return new JsonObject().put("id", product.id()).put("name", product.name())
        .put("price", Money.fromMinor(product.priceMinor())).put("currency", product.currency())
        .put("available", !product.deleted());
  }

  private static Future<Void> send(RoutingContext ctx, int status, JsonObject body) {
    return ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body.toBuffer());
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }
}
