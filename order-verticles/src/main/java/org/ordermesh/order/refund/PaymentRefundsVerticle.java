package org.ordermesh.order.refund;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.ordermesh.order.OrderConfig;
import org.ordermesh.order.order.OrderAnnouncer;
import org.ordermesh.order.order.OrderRepository;
import org.ordermesh.payment.api.PaymentEvents;
import org.ordermesh.platform.inbox.InboxSettings;
import org.ordermesh.platform.inbox.KafkaInbox;
import org.ordermesh.platform.mongo.MongoClients;
import org.ordermesh.platform.node.NodeRuntime;
import org.ordermesh.platform.outbox.CloudEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each order's refunded amount in step with the payment service: consumes
 * {@code payment.events.v1} through the platform inbox (each event handled once, offsets committed after
 * handling, a poison message to the DLQ) and records refunds on the order.
 */
public class PaymentRefundsVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(PaymentRefundsVerticle.class);

  private KafkaInbox inbox;
  private OrderRepository orders;
  private OrderAnnouncer announcer;

  @Override
  public Future<?> start() {
    var config = OrderConfig.from(config());
    var mongo = MongoClients.shared(vertx, config.service().platform().mongoUri(), config.service().database());
    orders = new OrderRepository(mongo);
    announcer = new OrderAnnouncer(vertx, NodeRuntime.of(vertx).meters());
    // the group belongs to the database it updates: every node of one order deployment shares it
    var group = config.service().database() + ".payment-refunds";
    return KafkaInbox.start(vertx, mongo, InboxSettings.of(PaymentEvents.TOPIC, group).withTypes(PaymentEvents.REFUNDED), this::handle)
      .onSuccess(started -> inbox = started);
  }

  @Override
  public Future<?> stop() {
    return inbox == null ? Future.succeededFuture() : inbox.close();
  }

  private Future<Void> handle(CloudEvent event) {
    if (!PaymentEvents.REFUNDED.equals(event.type())) {
      return Future.succeededFuture();
    }
    var orderId = event.data().getString("orderId");
    var refundedMinor = event.data().getLong("refundedMinor");
    if (orderId == null || refundedMinor == null) {
      return Future.failedFuture(new IllegalArgumentException("a refund event without orderId or refundedMinor"));
    }
    return recordRefund(orderId, refundedMinor);
  }

  // the refunded total, not an increment: a redelivered or reordered event cannot count twice
  private Future<Void> recordRefund(String orderId, long refundedMinor) {
    return orders.findById(orderId).compose(found -> {
      if (found.isEmpty()) {
        log.warn("refund event for unknown order {}", orderId);
        return Future.succeededFuture();
      }
      var order = found.get();
      if (order.refundedMinor() >= refundedMinor) {
        return Future.succeededFuture();
      }
      var update = order.refunded(refundedMinor, java.time.Instant.now());
      return orders.apply(order, update).compose(written -> {
        if (written.isEmpty()) {
          return recordRefund(orderId, refundedMinor);
        }
        announcer.written(written.get(), update);
        return Future.succeededFuture();
      });
    });
  }
}
