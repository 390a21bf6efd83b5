package org.ordermesh.payment.payment;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.ordermesh.payment.PaymentConfig;
import org.ordermesh.payment.PaymentService;
import org.ordermesh.payment.api.PaymentAddresses;
import org.ordermesh.payment.api.PaymentCommand;
import org.ordermesh.payment.api.PaymentErrorCode;
import org.ordermesh.platform.discovery.ServiceRegistry.Registration;
import org.ordermesh.platform.mongo.MongoClients;
import org.ordermesh.platform.mongo.MongoErrors;
import org.ordermesh.platform.node.NodeRuntime;
import org.ordermesh.platform.security.BusAuthorization;
import org.ordermesh.platform.trace.TraceContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * Answers {@value PaymentAddresses#PAYMENTS}: authorize, capture, void and refund, each idempotent per
 * (orderId, operation), for service tokens with scope {@value PaymentAddresses#SCOPE}. A decline is a reply; refusals and an unavailable provider fail the message with
 * the status and name of a {@link PaymentErrorCode}.
 */
public class PaymentBusVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(PaymentBusVerticle.class);
  private static final int INTERNAL_ERROR = 500;

  private Payments payments;
  private MessageConsumer<JsonObject> consumer;
  private Registration registration;

  @Override
  public Future<?> start() {
    var config = PaymentConfig.from(config());
    var repository = new PaymentRepository(vertx,
      MongoClients.shared(vertx, config.service().platform().mongoUri(), config.service().database()));
    return repository.ensureIndexes()
      .compose(v -> PaymentService.cardProvider(vertx, config))
      .compose(provider -> {
        payments = new Payments(repository, provider, PaymentCache.forNode(vertx));
        consumer = vertx.eventBus().consumer(PaymentAddresses.PAYMENTS, BusAuthorization.requireScope(vertx, config(),
          PaymentAddresses.SCOPE, PaymentErrorCode.FORBIDDEN.name(), this::answer));
        return consumer.completion();
      })
      .compose(v -> NodeRuntime.of(vertx).registry().publishEventBus(PaymentAddresses.PAYMENTS, PaymentAddresses.PAYMENTS))
      .onSuccess(published -> registration = published);
  }

  @Override
  public Future<?> stop() {
    var unpublished = registration == null
      ? Future.<Void>succeededFuture()
      : NodeRuntime.of(vertx).registry().unpublish(registration).recover(e -> Future.succeededFuture());
    return unpublished.compose(v -> consumer == null ? Future.succeededFuture() : consumer.unregister());
  }

  private void answer(Message<JsonObject> message) {
    TraceContext.bindFrom(message);
    PaymentCommand command;
    try {
      command = PaymentCommand.fromJson(message.body());
    } catch (IllegalArgumentException | ClassCastException e) {
      message.fail(PaymentErrorCode.INVALID_MESSAGE.status(), PaymentErrorCode.INVALID_MESSAGE.name());
      return;
    }
    payments.handle(command).onComplete(
      reply -> message.reply(reply.toJson()),
      failure -> fail(message, command, failure));
  }

  /** The one place that turns a failure into an event bus error code. */
  private static void fail(Message<JsonObject> message, PaymentCommand command, Throwable failure) {
    if (failure instanceof PaymentFailure refused) {
      log.info("{} of order {} refused: {} ({})", command.action(), command.orderId(), refused.code(), refused.getMessage());
      message.fail(refused.code().status(), refused.code().name());
    } else if (MongoErrors.isUnavailable(failure)) {
      log.warn("{} of order {}: database unavailable", command.action(), command.orderId(), failure);
      message.fail(PaymentErrorCode.PAYMENT_UNAVAILABLE.status(), PaymentErrorCode.PAYMENT_UNAVAILABLE.name());
    } else {
      log.error("{} of order {} failed", command.action(), command.orderId(), failure);
      message.fail(INTERNAL_ERROR, "INTERNAL_ERROR");
    }
  }
}
