package org.ordermesh.order;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.ordermesh.order.api.OrderAddresses;
import org.ordermesh.order.feed.OrderStatusFeedVerticle;
import org.ordermesh.order.order.OrderHttpVerticle;
import org.ordermesh.order.order.OrderRepository;
import org.ordermesh.order.refund.PaymentRefundsVerticle;
import org.ordermesh.order.saga.CreateOrderSaga;
import org.ordermesh.order.saga.SagaOrchestratorVerticle;
import org.ordermesh.platform.config.ServiceConfig;
import org.ordermesh.platform.outbox.OutboxRelaySettings;
import org.ordermesh.platform.outbox.OutboxRelayVerticle;
import org.ordermesh.platform.outbox.OutboxSource;
import org.ordermesh.platform.service.Deployments;
import org.ordermesh.platform.service.ServiceModule;

import java.util.List;

/** The order service as the launcher sees it: its name, settings and verticles. */
public final class OrderService implements ServiceModule {

  public static final String NAME = "order";
  public static final int DEFAULT_PORT = 8083;

  public static ServiceConfig config(JsonObject settings) {
    return ServiceConfig.from(settings, NAME, DEFAULT_PORT);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Future<List<String>> deploy(Vertx vertx, JsonObject settings) {
    try {
      // the saga's table with its extension steps, checked before any verticle starts: a bad declaration stops the node
      CreateOrderSaga.table(OrderConfig.from(settings));
    } catch (IllegalArgumentException invalid) {
      return Future.failedFuture(invalid);
    }
    var options = new DeploymentOptions().setConfig(settings);
    var relay = OutboxRelaySettings.of(NAME, config(settings).database(), List.of(
      new OutboxSource(OrderRepository.COLLECTION, OrderAddresses.EVENTS_TOPIC, "/ordermesh/order")));
    // the orchestrator first: the HTTP verticle hands it every order it places
    return Deployments.inOrder(vertx, options, List.of(SagaOrchestratorVerticle::new, OrderStatusFeedVerticle::new,
      () -> new OutboxRelayVerticle(relay), PaymentRefundsVerticle::new, OrderHttpVerticle::new));
  }
}
