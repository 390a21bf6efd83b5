package org.ordermesh.catalog.product;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.ordermesh.catalog.api.CatalogAddresses;
import org.ordermesh.catalog.api.GetProducts;
import org.ordermesh.catalog.api.ProductsReply;
import org.ordermesh.catalog.BusReplies;
import org.ordermesh.platform.discovery.ServiceRegistry.Registration;
import org.ordermesh.platform.node.NodeRuntime;
import org.ordermesh.platform.trace.TraceContext;

/**
 * Answers {@code catalog.products} {@code get} from the node's product cache ({@link ProductCache#ofNode}),
 * which the catalog's HTTP verticle starts before this one.
 */
public class ProductBusVerticle extends VerticleBase {

  private ProductCache cache;
  private MessageConsumer<JsonObject> consumer;
  private Registration registration;

  @Override
  public Future<?> start() {
    cache = ProductCache.ofNode(vertx);
    if (cache == null) {
      return Future.failedFuture(new IllegalStateException("the catalog's product cache is not started: deploy CatalogHttpVerticle first"));
    }
    consumer = vertx.eventBus().consumer(CatalogAddresses.PRODUCTS, this::handle);
    return consumer.completion()
        .compose(v -> NodeRuntime.of(vertx).registry().publishEventBus(CatalogAddresses.PRODUCTS, CatalogAddresses.PRODUCTS))
        .onSuccess(published -> registration = published);
  }

  @Override
  public Future<?> stop() {
    return BusReplies.withdraw(vertx, registration, consumer);
  }

  private void handle(Message<JsonObject> message) {
    TraceContext.bindFrom(message);
    BusReplies.answer(message, body -> switch (BusReplies.action(body)) {
      case CatalogAddresses.GET -> getProducts(GetProducts.fromJson(body)).map(ProductsReply::toJson);
      default -> throw BusReplies.unknownAction(body);
    });
  }

  private Future<ProductsReply> getProducts(GetProducts request) {
    return cache.getAll(request.ids()).map(found -> {
      List<String> foundIds = found.stream().map(Product::id).toList();
      return new ProductsReply(found.stream().map(Product::snapshot).toList(),
          request.ids().stream().filter(id -> !foundIds.contains(id)).toList());
    });
  }
}
