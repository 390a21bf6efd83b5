package org.ordermesh.catalog.product;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;
import org.ordermesh.platform.http.QueryParams;

/**
 * The filters and order of a product list ({@code category, q, minPrice, maxPrice, sort}), typed, and the Mongo
 * filter they make: equality on one facet, the remaining words, then the price range.
 */
public record ProductQuery(String category, List<String> words, Long minPriceMinor, Long maxPriceMinor, ProductSort sort) {

  static final Pattern CATEGORY = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

  public ProductQuery {
    words = List.copyOf(words);
  }

  public static ProductQuery read(QueryParams q) {
    String category = q.optionalString("category", 64, CATEGORY);
    List<String> words = q.optional("q", Keywords::query);
    BigDecimal min = q.optionalDecimal("minPrice", BigDecimal.ZERO, Money.MAX_PRICE, Money.SCALE);
    BigDecimal max = q.optionalDecimal("maxPrice", BigDecimal.ZERO, Money.MAX_PRICE, Money.SCALE);
    ProductSort sort = q.optionalEnum("sort", ProductSort.class, ProductSort.NEWEST);
    return new ProductQuery(category, words == null ? List.of() : words,
        min == null ? null : Money.toMinor(min), max == null ? null : Money.toMinor(max), sort);
  }

  public JsonObject filter() {
    JsonObject filter = new JsonObject().put("facets", Facets.lookup(category, words.isEmpty() ? null : words.get(0)));
    if (words.size() > 1) {
      filter.put("keywords", new JsonObject().put("$all", new JsonArray(words.subList(1, words.size()))));
    }
    JsonObject price = new JsonObject();
    if (minPriceMinor != null) {
      price.put("$gte", minPriceMinor);
    }
    if (maxPriceMinor != null) {
      price.put("$lte", maxPriceMinor);
    }
    if (!price.isEmpty()) {
      filter.put("priceMinor", price);
    }
    return filter;
  }
}
