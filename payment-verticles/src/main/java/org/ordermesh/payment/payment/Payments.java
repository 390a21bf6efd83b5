package org.ordermesh.payment.payment;

import io.vertx.core.Future;
import org.ordermesh.payment.api.AuthorizePayment;
import org.ordermesh.payment.api.PaymentCommand;
import org.ordermesh.payment.api.PaymentErrorCode;
import org.ordermesh.payment.api.PaymentReply;
import org.ordermesh.payment.provider.CardProvider;
import org.ordermesh.payment.provider.CardProviderUnavailableException;
import org.ordermesh.payment.provider.ProviderAnswer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.UUID;

/**
 * Carries out payment commands, whoever sends them (the event bus, the admin API). Each round reads the
 * payment; if a provider call is pending it finishes it first (asking the provider again by the same key),
 * otherwise the payment decides: answer, refuse, or begin a provider call, which is stored before it is
 * made. The answer always comes from the stored state, so a repeated command gets the first answer again.
 */
public final class Payments {

  private static final Logger log = LoggerFactory.getLogger(Payments.class);
  // each round either finishes a provider call or loses a version race to another writer
  private static final int MAX_ROUNDS = 8;

  private final PaymentRepository repository;
  private final CardProvider provider;

  public Payments(PaymentRepository repository, CardProvider provider) {
    this.repository = repository;
    this.provider = provider;
  }

  public Future<PaymentReply> handle(PaymentCommand command) {
    return round(command, 0);
  }

  public Future<Payment> findByPaymentId(String paymentId) {
    return repository.findByPaymentId(paymentId);
  }

  public Future<Payment> findByOrderId(String orderId) {
    return repository.findByOrderId(orderId);
  }

  private Future<PaymentReply> round(PaymentCommand command, int round) {
    if (round == MAX_ROUNDS) {
      return Future.failedFuture(new PaymentFailure(PaymentErrorCode.PAYMENT_UNAVAILABLE,
        "payment " + command.orderId() + " kept changing under " + command.action()));
    }
    return load(command, round).compose(payment -> {
      if (payment.pending() != null) {
        return finish(payment).compose(done -> round(command, round + 1));
      }
      var decision = payment.decide(command, Instant.now());
      if (decision instanceof Decision.Done done) {
        return Future.succeededFuture(done.reply());
      }
      if (decision instanceof Decision.Refused refused) {
        return Future.failedFuture(new PaymentFailure(refused.code(), refused.detail()));
      }
      return store(payment, ((Decision.Begin) decision).next())
        .compose(stored -> stored == null ? Future.succeededFuture() : finish(stored))
        .compose(done -> round(command, round + 1));
    });
  }

  // the first authorize of an order creates its payment; every other command needs one
  private Future<Payment> load(PaymentCommand command, int round) {
    if (command instanceof AuthorizePayment authorize && round == 0) {
      return repository.insertOrFind(Payment.start(authorize, "pay_" + UUID.randomUUID(), Instant.now()));
    }
    return repository.findByOrderId(command.orderId()).map(payment -> {
      if (payment == null) {
        throw new PaymentFailure(PaymentErrorCode.UNKNOWN_PAYMENT, "no payment for order " + command.orderId());
      }
      return payment;
    });
  }

  /** Asks the provider the pending question and stores the answer (unless another caller stored it first). */
  private Future<Void> finish(Payment payment) {
    return call(payment)
      .recover(failure -> providerFailure(payment, failure))
      .compose(answer -> store(payment, payment.complete(answer, Instant.now())).compose(stored ->
        answer.approved() || payment.pending().operation() == PendingOperation.Operation.AUTHORIZE
          ? Future.succeededFuture()
          : Future.failedFuture(new PaymentFailure(PaymentErrorCode.INVALID_STATE,
            "the provider refused the " + payment.pending().operation() + ": " + answer.reason()))));
  }

  // a transition and the events it caused are one conditional write
  private Future<Payment> store(Payment current, Payment next) {
    return repository.update(current, next, TransitionEvents.of(next));
  }

  private Future<ProviderAnswer> call(Payment payment) {
    var pending = payment.pending();
    var authorization = PendingOperation.authorizationKey(payment.orderId());
    return switch (pending.operation()) {
      case AUTHORIZE -> provider.authorize(pending.key(), payment.paymentMethod(), pending.amountMinor(),
        payment.currency());
      case CAPTURE -> provider.capture(pending.key(), authorization, pending.amountMinor());
      case VOID -> provider.voidAuthorization(pending.key(), authorization);
      case REFUND -> provider.refund(pending.key(), authorization, pending.amountMinor());
    };
  }

  /**
   * The one place that reads provider failures. An authorization the provider answered it could not make
   * leaves the payment FAILED (nothing held); a timeout (outcome unknown), an open breaker (not called)
   * or anything else leaves the call pending, to be asked again by the same key.
   * Either way the caller hears 503 and may retry.
   */
  private Future<ProviderAnswer> providerFailure(Payment payment, Throwable failure) {
    log.warn("card provider call {} failed: {}", payment.pending().key(), failure.toString());
    var unavailable = new PaymentFailure(PaymentErrorCode.PAYMENT_UNAVAILABLE,
      "the card provider is unavailable: " + failure.getMessage());
    if (failure instanceof CardProviderUnavailableException
      && payment.pending().operation() == PendingOperation.Operation.AUTHORIZE) {
      return store(payment, payment.authorizationFailed(failure.getMessage(), Instant.now()))
        .compose(stored -> Future.failedFuture(unavailable));
    }
    return Future.failedFuture(unavailable);
  }
}
