package org.ordermesh.catalog.inventory;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.ordermesh.platform.http.ApiException;
import org.ordermesh.platform.http.RequestSchemas;
import org.ordermesh.platform.security.Principal;

/** The admin's view of stock: read it, adjust it with a reason, read the adjustments. */
public final class InventoryEndpoints {

  public static final String BASE = "/api/v1/inventory";

  private final InventoryRepository inventory;
  private final Function<String, Future<Boolean>> productExists;
  private final RequestSchemas schemas;

  /** {@code productExists} answers for withdrawn products too: they keep their stock record, to count and correct. */
  public InventoryEndpoints(InventoryRepository inventory, Function<String, Future<Boolean>> productExists,
                            RequestSchemas schemas) {
    this.inventory = inventory;
    this.productExists = productExists;
    this.schemas = schemas;
  }

  public Future<?> getInventory(RoutingContext ctx) {
    String productId = ctx.pathParam("productId");
    return knownProduct(productId).compose(known -> inventory.find(productId))
        .compose(stock -> send(ctx, 200, stock.toApi()));
  }

  public Future<?> adjustStock(RoutingContext ctx) {
    JsonObject body = schemas.validBody(ctx, "adjustStock");
    String productId = ctx.pathParam("productId");
    Stock.Adjustment adjustment = new Stock.Adjustment(UUID.randomUUID().toString(), body.getLong("delta"),
        body.getString("reason").strip(), Principal.of(ctx).subject(), Instant.now().truncatedTo(ChronoUnit.MILLIS), 0);
    return knownProduct(productId)
        .compose(known -> inventory.change(productId, stock -> Optional.of(stock.adjust(adjustment))))
        .recover(failure -> Future.failedFuture(belowZero(failure)))
        .compose(stock -> {
          ctx.response().putHeader(HttpHeaders.LOCATION, BASE + "/" + productId + "/adjustments");
          JsonObject applied = stock.adjustments().get(stock.adjustments().size() - 1).toJson();
          return send(ctx, 201, stock.toApi().put("adjustment", applied));
        });
  }

  /** The last adjustments, newest first (the stock document keeps {@value Stock#HISTORY}). */
  public Future<?> listAdjustments(RoutingContext ctx) {
    String productId = ctx.pathParam("productId");
    return knownProduct(productId).compose(known -> inventory.find(productId)).compose(stock -> {
      JsonArray items = new JsonArray();
      for (int i = stock.adjustments().size() - 1; i >= 0; i--) {
        items.add(stock.adjustments().get(i).toJson());
      }
      return send(ctx, 200, new JsonObject().put("items", items).put("nextCursor", null));
    });
  }

  private Future<Void> knownProduct(String productId) {
    return productExists.apply(productId).map(exists -> {
      if (!exists) {
        throw ApiException.notFound("no product " + productId);
      }
      return null;
    });
  }

  /** The one mapping of a refused adjustment. */
  private static Throwable belowZero(Throwable failure) {
    if (failure instanceof InsufficientStockException insufficient) {
      return ApiException.conflict(insufficient.getMessage() + "; stock cannot go below zero").withType("insufficient-stock");
    }
    return failure;
  }

  private static Future<Void> send(RoutingContext ctx, int status, JsonObject body) {
    return ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.toBuffer());
  }
}
