package org.ordermesh.order.report;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ordermesh.order.api.OrderStatus;
import org.ordermesh.platform.mongo.MongoDates;
import org.ordermesh.order.order.OrderRepository;
import org.ordermesh.platform.http.ApiException;
import org.ordermesh.platform.http.FieldError;
import org.ordermesh.platform.http.QueryParams;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Revenue and order counts per day, and per day and product, of the orders confirmed in a range: two
 * aggregation pipelines whose {@code $match} the {@code (status, confirmedAt)} index serves.
 */
public final class SalesReport {

  private static final Duration LONGEST_RANGE = Duration.ofDays(366);

  /** The report's query: {@code from} inclusive, {@code to} exclusive, by day. */
  public record Range(Instant from, Instant to) {

    public static Range from(QueryParams q) {
      var from = q.optionalInstant("from");
      var to = q.optionalInstant("to");
      var granularity = q.optional("granularity", value -> {
        if (!"day".equals(value)) {
          throw new IllegalArgumentException("must be day");
        }
        return value;
      });
      var errors = new ArrayList<FieldError>();
      if (from == null) {
        errors.add(new FieldError("from", "is required"));
      }
      if (to == null) {
        errors.add(new FieldError("to", "is required"));
      }
      if (from != null && to != null && (!to.isAfter(from) || Duration.between(from, to).compareTo(LONGEST_RANGE) > 0)) {
        errors.add(new FieldError("to", "must be after from, at most 366 days later"));
      }
      if (!errors.isEmpty()) {
        throw ApiException.invalid(errors);
      }
      return new Range(from, to);
    }
  }

  private final OrderRepository orders;

  public SalesReport(OrderRepository orders) {
    this.orders = orders;
  }

  public Future<JsonObject> run(Range range) {
    var match = new JsonObject().put("$match", new JsonObject()
      .put("status", OrderStatus.CONFIRMED.name())
      .put("confirmedAt", new JsonObject().put("$gte", MongoDates.of(range.from())).put("$lt", MongoDates.of(range.to()))));
    var byDay = new JsonArray()
      .add(match)
      .add(group(new JsonObject().put("day", "$confirmedDay").put("currency", "$currency"),
        new JsonObject().put("orders", new JsonObject().put("$sum", 1))
          .put("revenueMinor", new JsonObject().put("$sum", "$totalMinor"))))
      .add(new JsonObject().put("$sort", new JsonObject().put("_id.day", 1).put("_id.currency", 1)));
    var byProduct = new JsonArray()
      .add(match)
      .add(new JsonObject().put("$unwind", "$items"))
      .add(group(new JsonObject().put("day", "$confirmedDay").put("productId", "$items.productId")
          .put("currency", "$currency"),
        new JsonObject().put("orders", new JsonObject().put("$sum", 1))
          .put("units", new JsonObject().put("$sum", "$items.quantity"))
          .put("revenueMinor", new JsonObject().put("$sum", "$items.lineTotalMinor"))))
      .add(new JsonObject().put("$sort", new JsonObject().put("_id.day", 1).put("_id.productId", 1)));
    return Future.all(orders.aggregate(byDay), orders.aggregate(byProduct)).map(results -> new JsonObject()
      .put("from", range.from().toString())
      .put("to", range.to().toString())
      .put("granularity", "day")
      .put("days", rows(results.resultAt(0)))
      .put("products", rows(results.resultAt(1))));
  }

  private static JsonObject group(JsonObject key, JsonObject sums) {
    return new JsonObject().put("$group", sums.copy().put("_id", key));
  }

  private static JsonArray rows(List<JsonObject> groups) {
    var rows = new JsonArray();
    groups.forEach(group -> {
      var row = group.getJsonObject("_id").copy();
      group.forEach(field -> {
        if (!"_id".equals(field.getKey()) && !"revenueMinor".equals(field.getKey())) {
          row.put(field.getKey(), field.getValue());
        }
      });
      rows.add(row.put("revenue", BigDecimal.valueOf(((Number) group.getValue("revenueMinor")).longValue(), 2)));
    });
    return rows;
  }
}
