package org.ordermesh.catalog.inventory;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.ordermesh.catalog.BusReplies;
import org.ordermesh.catalog.CatalogConfig;
import org.ordermesh.catalog.api.CatalogAddresses;
import org.ordermesh.catalog.api.CatalogError;
import org.ordermesh.catalog.api.CommitStock;
import org.ordermesh.catalog.api.ReleaseStock;
import org.ordermesh.catalog.api.ReservationReply;
import org.ordermesh.catalog.api.ReserveStock;
import org.ordermesh.platform.discovery.ServiceRegistry.Registration;
import org.ordermesh.platform.mongo.MongoClients;
import org.ordermesh.platform.node.NodeRuntime;
import org.ordermesh.platform.security.BusAuthorization;
import org.ordermesh.platform.trace.TraceContext;

/** Answers {@code catalog.inventory}: reserve, release and commit stock for an order, for service tokens with its scope. */
public class InventoryBusVerticle extends VerticleBase {

  private Reservations reservations;
  private MessageConsumer<JsonObject> consumer;
  private Registration registration;

  @Override
  public Future<?> start() {
    var config = CatalogConfig.from(config());
    var service = config.service();
    var mongo = MongoClients.shared(vertx, service.platform().mongoUri(), service.database());
    reservations = new Reservations(new ReservationRepository(mongo, config.reservationRetention()),
        new InventoryRepository(vertx, mongo, config.lowStockThreshold()), config.reservationTtl());
    consumer = vertx.eventBus().consumer(CatalogAddresses.INVENTORY, BusAuthorization.requireScope(vertx, config(),
        CatalogAddresses.SCOPE, CatalogError.FORBIDDEN.name(), this::handle));
    return consumer.completion()
        .compose(v -> NodeRuntime.of(vertx).registry().publishEventBus(CatalogAddresses.INVENTORY, CatalogAddresses.INVENTORY))
        .onSuccess(published -> registration = published);
  }

  @Override
  public Future<?> stop() {
    return BusReplies.withdraw(vertx, registration, consumer);
  }

  private void handle(Message<JsonObject> message) {
    TraceContext.bindFrom(message);
    BusReplies.answer(message, body -> switch (BusReplies.action(body)) {
      case CatalogAddresses.RESERVE -> reservations.reserve(ReserveStock.fromJson(body)).map(ReservationReply::toJson);
      case CatalogAddresses.RELEASE -> reservations.release(ReleaseStock.fromJson(body)).map(ReservationReply::toJson);
      case CatalogAddresses.COMMIT -> reservations.commit(CommitStock.fromJson(body)).map(ReservationReply::toJson);
      default -> throw BusReplies.unknownAction(body);
    });
  }
}
