package org.ordermesh.payment;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.ordermesh.payment.api.PaymentEvents;
import org.ordermesh.payment.payment.PaymentBusVerticle;
import org.ordermesh.payment.payment.PaymentRepository;
import org.ordermesh.payment.provider.CardProvider;
import org.ordermesh.payment.provider.GuardedCardProvider;
import org.ordermesh.payment.provider.SimulatedCardProvider;
import org.ordermesh.platform.config.ServiceConfig;
import org.ordermesh.platform.outbox.OutboxRelaySettings;
import org.ordermesh.platform.outbox.OutboxRelayVerticle;
import org.ordermesh.platform.outbox.OutboxSource;
import org.ordermesh.platform.service.Deployments;
import org.ordermesh.platform.service.ServiceModule;

import java.util.List;

/** The payment service as the launcher sees it: its name, settings and verticles. */
public final class PaymentService implements ServiceModule {

  public static final String NAME = "payment";
  public static final int DEFAULT_PORT = 8084;

  public static ServiceConfig config(JsonObject settings) {
    return ServiceConfig.from(settings, NAME, DEFAULT_PORT);
  }

  /**
   * The one place that picks the card provider: the simulated one (its ledger's index created), under the node's
   * card-provider breaker.
   */
  public static Future<CardProvider> cardProvider(Vertx vertx, PaymentConfig config) {
    var simulated = SimulatedCardProvider.forNode(vertx, config);
    return simulated.ensureIndexes().map(v -> GuardedCardProvider.forNode(vertx, simulated, config));
  }

  @Override
  public String name() {
    return NAME;
  }

  // the bus verticle first: it creates the indexes the HTTP reads rely on
  @Override
  public Future<List<String>> deploy(Vertx vertx, JsonObject settings) {
    var options = new DeploymentOptions().setConfig(settings);
    var relay = OutboxRelaySettings.of(NAME, config(settings).database(),
      List.of(new OutboxSource(PaymentRepository.COLLECTION, PaymentEvents.TOPIC, PaymentEvents.SOURCE)));
    return Deployments.inOrder(vertx, options,
      List.of(PaymentBusVerticle::new, PaymentHttpVerticle::new, () -> new OutboxRelayVerticle(relay)));
  }
}
