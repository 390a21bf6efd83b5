package org.ordermesh.catalog.sales;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.ordermesh.catalog.CatalogConfig;
import org.ordermesh.platform.inbox.InboxSettings;
import org.ordermesh.platform.inbox.KafkaInbox;
import org.ordermesh.platform.mongo.MongoClients;
import org.ordermesh.platform.outbox.CloudEvent;

/**
 * Keeps per-product sales counts from the order service's events: consumes {@code order.events.v1} through the
 * platform inbox (each event handled once, offsets committed after handling, a poison message to
 * {@code order.events.v1.dlq}) and adds the units of every confirmed order to its products' counts.
 */
public class SalesCountsVerticle extends VerticleBase {

  static final String TOPIC = "order.events.v1";
  // the order service's contract, by value: the catalog depends on no other service's code
  static final String ORDER_CONFIRMED = "org.ordermesh.order.OrderConfirmed.v1";

  private SalesRepository sales;
  private KafkaInbox inbox;

  /** The consumer group: it belongs to the database it updates, so every node of one catalog deployment shares it. */
  public static String group(String database) {
    return database + ".sales-counts";
  }

  @Override
  public Future<?> start() {
    var service = CatalogConfig.from(config()).service();
    var mongo = MongoClients.shared(vertx, service.platform().mongoUri(), service.database());
    sales = new SalesRepository(mongo);
    return KafkaInbox.start(vertx, mongo, InboxSettings.of(TOPIC, group(service.database())).withTypes(ORDER_CONFIRMED), this::handle)
        .onSuccess(started -> inbox = started);
  }

  @Override
  public Future<?> stop() {
    return inbox == null ? Future.succeededFuture() : inbox.close();
  }

  // other order events change no sale: cancellations happen before the pivot, refunds return money, not goods
  private Future<Void> handle(CloudEvent event) {
    if (!ORDER_CONFIRMED.equals(event.type())) {
      return Future.succeededFuture();
    }
    ConfirmedOrder order = ConfirmedOrder.from(event.data());
    return Future.all(order.unitsByProduct().entrySet().stream()
            .map(line -> sales.count(line.getKey(), order.orderId(), line.getValue()))
            .toList())
        .mapEmpty();
  }
}
