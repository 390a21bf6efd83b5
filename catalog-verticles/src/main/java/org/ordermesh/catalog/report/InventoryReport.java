package org.ordermesh.catalog.report;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.RoutingContext;
import java.util.stream.Collectors;
import org.ordermesh.catalog.inventory.InventoryRepository;
import org.ordermesh.catalog.product.Money;
import org.ordermesh.catalog.product.ProductRepository;
import org.ordermesh.platform.http.QueryParams;

/**
 * {@code GET /api/v1/reports/inventory?lowStock=n}: stock value, stock levels and units sold per category and
 * currency, and the products at or under {@code lowStock} available with their units sold (what is selling out), in
 * one aggregation over the stock records joined to their products. Units sold are the stock record's own count (each
 * commit adds its units in the write that lets them leave). It reads every stock record by design, so it needs no
 * index beyond {@code _id} (the join's key).
 */
public final class InventoryReport {

  public static final String PATH = "/api/v1/reports/inventory";
  private static final int MAX_LOW_STOCK_ROWS = 100;

  private final MongoClient mongo;
  private final int defaultThreshold;

  public InventoryReport(MongoClient mongo, int defaultThreshold) {
    this.mongo = mongo;
    this.defaultThreshold = defaultThreshold;
  }

  public Future<?> getInventoryReport(RoutingContext ctx) {
    int threshold = QueryParams.read(ctx, q -> q.optionalInt("lowStock", 0, 1_000_000, defaultThreshold));
    return mongo.aggregate(InventoryRepository.COLLECTION, pipeline(threshold))
        .collect(Collectors.toList())
        .map(results -> view(results.isEmpty() ? new JsonObject() : results.get(0), threshold))
        .compose(report -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(report.toBuffer()));
  }

  static JsonArray pipeline(int threshold) {
    JsonObject lookup = new JsonObject().put("from", ProductRepository.COLLECTION).put("localField", "_id")
        .put("foreignField", "_id").put("as", "product");
    JsonObject line = new JsonObject()
        .put("name", "$product.name")
        .put("category", "$product.category")
        .put("currency", "$product.currency")
        .put("available", 1)
        .put("reserved", 1)
        // zero on a stock record written before sales were counted on it
        .put("unitsSold", new JsonObject().put("$ifNull", new JsonArray().add("$unitsSold").add(0)))
        .put("valueMinor", new JsonObject().put("$multiply", new JsonArray().add("$available").add("$product.priceMinor")));
    JsonObject byCategory = new JsonObject()
        .put("_id", new JsonObject().put("category", "$category").put("currency", "$currency"))
        .put("products", new JsonObject().put("$sum", 1))
        .put("available", new JsonObject().put("$sum", "$available"))
        .put("reserved", new JsonObject().put("$sum", "$reserved"))
        .put("unitsSold", new JsonObject().put("$sum", "$unitsSold"))
        .put("stockValueMinor", new JsonObject().put("$sum", "$valueMinor"));
    JsonObject facets = new JsonObject()
        .put("categories", new JsonArray()
            .add(new JsonObject().put("$group", byCategory))
            .add(new JsonObject().put("$sort", new JsonObject().put("_id.category", 1).put("_id.currency", 1))))
        .put("lowStock", new JsonArray()
            .add(new JsonObject().put("$match", new JsonObject().put("available", new JsonObject().put("$lte", threshold))))
            .add(new JsonObject().put("$sort", new JsonObject().put("available", 1).put("_id", 1)))
            .add(new JsonObject().put("$limit", MAX_LOW_STOCK_ROWS)));
    return new JsonArray()
        .add(new JsonObject().put("$lookup", lookup))
        .add(new JsonObject().put("$unwind", "$product"))
        // withdrawn products are off sale: their stock is neither value nor a shortage
        .add(new JsonObject().put("$match", new JsonObject().put("product.deleted", false)))
        .add(new JsonObject().put("$project", line))
        .add(new JsonObject().put("$facet", facets));
  }

  private static JsonObject view(JsonObject result, int threshold) {
    JsonArray categories = new JsonArray(result.getJsonArray("categories", new JsonArray()).stream()
        .map(JsonObject.class::cast)
        .map(row -> new JsonObject()
            .put("category", row.getJsonObject("_id").getString("category"))
            .put("currency", row.getJsonObject("_id").getString("currency"))
            .put("products", row.getLong("products"))
            .put("available", row.getLong("available"))
            .put("reserved", row.getLong("reserved"))
            .put("unitsSold", row.getLong("unitsSold"))
            .put("stockValue", Money.fromMinor(row.getLong("stockValueMinor"))))
        .toList());
    JsonArray lowStock = new JsonArray(result.getJsonArray("lowStock", new JsonArray()).stream()
        .map(JsonObject.class::cast)
        .map(row -> new JsonObject().put("productId", row.getString("_id")).put("name", row.getString("name"))
            .put("category", row.getString("category")).put("available", row.getLong("available"))
            .put("reserved", row.getLong("reserved")).put("unitsSold", row.getLong("unitsSold")))
        .toList());
    return new JsonObject().put("lowStockThreshold", threshold).put("categories", categories).put("lowStock", lowStock);
  }
}
