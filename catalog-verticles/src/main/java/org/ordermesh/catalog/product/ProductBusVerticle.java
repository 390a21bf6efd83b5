package org.ordermesh.catalog.product;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.ordermesh.catalog.CatalogConfig;
import org.ordermesh.catalog.api.CatalogAddresses;
import org.ordermesh.catalog.api.GetProducts;
import org.ordermesh.catalog.api.ProductsReply;
import org.ordermesh.catalog.BusReplies;
import org.ordermesh.platform.discovery.ServiceRegistry.Registration;
import org.ordermesh.platform.mongo.MongoClients;
import org.ordermesh.platform.node.NodeRuntime;
import org.ordermesh.platform.trace.TraceContext;

/** Answers {@code catalog.products} {@code get} from its own product cache. */
public class ProductBusVerticle extends VerticleBase {

  private ProductCache cache;
  private MessageConsumer<JsonObject> consumer;
  private Registration registration;

  @Override
  public Future<?> start() {
    var config = CatalogConfig.from(config()).service();
    var mongo = MongoClients.shared(vertx, config.platform().mongoUri(), config.database());
    cache = new ProductCache(vertx, mongo);
    return cache.start()
        .compose(v -> {
          consumer = vertx.eventBus().consumer(CatalogAddresses.PRODUCTS, this::handle);
          return consumer.completion();
        })
        .compose(v -> NodeRuntime.of(vertx).registry().publishEventBus(CatalogAddresses.PRODUCTS, CatalogAddresses.PRODUCTS))
        .onSuccess(published -> registration = published);
  }

  @Override
  public Future<?> stop() {
    return cache.stop().transform(v -> BusReplies.withdraw(vertx, registration, consumer));
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
