package org.ordermesh.order.order;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ordermesh.platform.peer.PeerClient;
import org.ordermesh.platform.peer.PeerOptions;

import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The catalog's product snapshots (name, price, currency), asked for many ids at once on {@code catalog.products}. */
public final class ProductCatalog {

  /** A product as an order line records it. */
  public record Snapshot(String id, String name, long priceMinor, String currency, boolean available) {
  }

  private final PeerClient products;

  public ProductCatalog(Vertx vertx) {
    this.products = PeerClient.create(vertx, PeerOptions.defaults("catalog.products"));
  }

  /** The snapshots of the ids the catalog knows; unknown ids are simply absent. */
  public Future<Map<String, Snapshot>> snapshots(Collection<String> ids) {
    var request = new JsonObject().put("v", 1).put("action", "get").put("ids", new JsonArray(ids.stream().toList()));
    return products.request(request).map(reply -> reply.getJsonArray("products", new JsonArray()).stream()
      .map(JsonObject.class::cast)
      .map(product -> new Snapshot(product.getString("id"), product.getString("name"), product.getLong("priceMinor"),
        product.getString("currency"), product.getBoolean("available", true)))
      .collect(Collectors.toMap(Snapshot::id, Function.identity())));
  }
}
