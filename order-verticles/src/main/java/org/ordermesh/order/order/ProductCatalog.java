package org.ordermesh.order.order;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.ordermesh.catalog.api.CatalogAddresses;
import org.ordermesh.catalog.api.CatalogException;
import org.ordermesh.catalog.api.GetProducts;
import org.ordermesh.catalog.api.ProductSnapshot;
import org.ordermesh.catalog.api.ProductsReply;
import org.ordermesh.platform.peer.PeerClient;
import org.ordermesh.platform.peer.PeerOptions;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The catalog's product snapshots (name, price, currency), asked for many ids at once on {@code catalog.products}. */
public final class ProductCatalog {

  private final PeerClient products;

  public ProductCatalog(Vertx vertx) {
    this.products = PeerClient.create(vertx, PeerOptions.defaults(CatalogAddresses.PRODUCTS));
  }

  /** The snapshots of the ids the catalog knows; unknown ids (and ids the catalog cannot hold) are simply absent. */
  public Future<Map<String, ProductSnapshot>> snapshots(Collection<String> ids) {
    var asked = ids.stream().filter(ProductCatalog::isCatalogId).toList();
    if (asked.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return products.request(new GetProducts(asked).toJson())
      .map(reply -> ProductsReply.fromJson(reply).products().stream()
        .collect(Collectors.toMap(ProductSnapshot::id, Function.identity())));
  }

  // the order API accepts a wider id than the catalog stores: such a product cannot exist
  private static boolean isCatalogId(String id) {
    try {
      new GetProducts(List.of(id));
      return true;
    } catch (CatalogException invalid) {
      return false;
    }
  }
}
