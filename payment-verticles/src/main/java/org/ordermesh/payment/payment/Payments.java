package org.ordermesh.payment.payment;

import io.vertx.core.Future;
import org.ordermesh.payment.api.AuthorizePayment;
import org.ordermesh.payment.api.PaymentCommand;
import org.ordermesh.payment.api.PaymentErrorCode;
import org.ordermesh.payment.api.PaymentReply;
import org.ordermesh.payment.api.VoidPayment;
import org.ordermesh.payment.provider.CardProvider;
import org.ordermesh.payment.provider.CardProviderUnavailableException;
import org.ordermesh.payment.provider.ProviderAnswer;
import org.ordermesh.platform.mongo.KeyedSequencer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.UUID;

/**
 * Carries out payment commands, whoever sends them (the event bus, the admin API). Each round starts from the
 * payment as this node last saw it (the {@link PaymentCache}), or reads it; if a provider call is pending it
 * finishes it first (asking the provider again by the same key), otherwise the payment decides: answer,
 * refuse, or make a provider call, stored before it is made unless it is a capture
 * ({@link PendingOperation#writtenAhead()}). Every write is conditional on the version it started from; one
 * that loses reads the payment again. A refusal is only given on a payment read from the store. Commands on
 * one order run one after another here, so a repeat waits for the first and answers from what it wrote.
 */
public final class Payments {

  private static final Logger log = LoggerFactory.getLogger(Payments.class);
  // each round either finishes a provider call or loses a version race to another writer
  private static final int MAX_ROUNDS = 8;

  private final PaymentRepository repository;
  private final CardProvider provider;
  private final PaymentCache cache;
  // a repeated command waits for the first and answers from what it wrote
  private final KeyedSequencer perOrder = new KeyedSequencer();

  public Payments(PaymentRepository repository, CardProvider provider, PaymentCache cache) {
    this.repository = repository;
    this.provider = provider;
    this.cache = cache;
  }

  public Future<PaymentReply> handle(PaymentCommand command) {
    var orderId = command.orderId();
    return perOrder.run(orderId, () -> round(command, 0, cache.get(orderId)));
  }

  /** The payment with this id, or null; a tombstone is no payment. */
  public Future<Payment> findByPaymentId(String paymentId) {
    return repository.findByPaymentId(paymentId).map(Payments::shown);
  }

  /** The order's payment, or null; a tombstone is no payment. */
  public Future<Payment> findByOrderId(String orderId) {
    return repository.findByOrderId(orderId).map(Payments::shown);
  }

  private static Payment shown(Payment payment) {
    return payment == null || payment.isTombstone() ? null : payment;
  }

  /** One round on {@code known}, the payment as last seen by this node, or null to read it from the store. */
  private Future<PaymentReply> round(PaymentCommand command, int round, Payment known) {
    if (round == MAX_ROUNDS) {
      return Future.failedFuture(new PaymentFailure(PaymentErrorCode.PAYMENT_UNAVAILABLE,
        "payment " + command.orderId() + " kept changing under " + command.action()));
    }
    var payment = known == null ? load(command, round) : Future.succeededFuture(known);
    return payment.compose(current -> {
      if (current.pending() != null) {
        return carryOut(current, current).compose(stored -> round(command, round + 1, stored));
      }
      var decision = current.decide(command, Instant.now());
      if (decision instanceof Decision.Done done) {
        return Future.succeededFuture(done.reply());
      }
      if (decision instanceof Decision.Refused refused) {
        // what this node saw may be stale: refuse only what the store says
        return known == null
          ? Future.failedFuture(new PaymentFailure(refused.code(), refused.detail()))
          : round(command, round + 1, null);
      }
      var begun = ((Decision.Begin) decision).next();
      if (!begun.pending().writtenAhead()) {
        return carryOut(current, begun).compose(stored -> round(command, round + 1, stored));
      }
      return store(current, begun)
        .compose(stored -> stored == null ? Future.succeededFuture() : carryOut(stored, stored))
        .compose(stored -> round(command, round + 1, stored));
    });
  }

  // the first authorize of an order creates its payment, a void before it a tombstone; the others need one
  private Future<Payment> load(PaymentCommand command, int round) {
    var loaded = command instanceof AuthorizePayment authorize && round == 0
      ? repository.insertOrFind(Payment.start(authorize, newPaymentId(), Instant.now()))
      : repository.findByOrderId(command.orderId()).compose(found -> found == null && command instanceof VoidPayment
        ? voidBeforeAuthorize(command)
        : Future.succeededFuture(found));
    return loaded.map(payment -> {
      if (payment == null) {
        throw new PaymentFailure(PaymentErrorCode.UNKNOWN_PAYMENT, "no payment for order " + command.orderId());
      }
      cache.put(payment);
      return payment;
    });
  }

  /**
   * A void for an order with no payment: nothing is held (an authorize stores its payment before it asks the
   * provider), so the void succeeds and leaves a tombstone that refuses a late authorize. An authorize that stored
   * its payment first wins the insert, and the void then voids that payment.
   */
  private Future<Payment> voidBeforeAuthorize(PaymentCommand command) {
    log.info("void of order {} before its authorize: tombstone", command.orderId());
    return repository.insertOrFind(Payment.tombstone(command.orderId(), newPaymentId(), Instant.now()));
  }

  private static String newPaymentId() {
    return "pay_" + UUID.randomUUID();
  }

  /**
   * Makes the provider call {@code begun} holds and stores the answer over {@code stored}: the same payment
   * when the call was written ahead, else the payment as it stands (a capture then writes its request and
   * outcome at once). The stored payment, or null when another writer changed it first.
   */
  private Future<Payment> carryOut(Payment stored, Payment begun) {
    var operation = begun.pending().operation();
    return call(begun)
      .recover(failure -> providerFailure(stored, begun, failure))
      .compose(answer -> store(stored, begun.complete(answer, Instant.now())).compose(written ->
        answer.approved() || operation == PendingOperation.Operation.AUTHORIZE
          ? Future.succeededFuture(written)
          : Future.failedFuture(new PaymentFailure(PaymentErrorCode.INVALID_STATE,
            "the provider refused the " + operation + ": " + answer.reason()))));
  }

  // a transition and the events it caused are one conditional write
  private Future<Payment> store(Payment current, Payment next) {
    return repository.update(current, next, TransitionEvents.of(next)).onSuccess(stored -> {
      if (stored != null) {
        cache.put(stored);
      }
    });
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
   * or anything else leaves the call pending (or, for a capture, not recorded), to be asked again by the
   * same key. Either way the caller hears 503 and may retry.
   */
  private Future<ProviderAnswer> providerFailure(Payment stored, Payment begun, Throwable failure) {
    var pending = begun.pending();
    log.warn("card provider call {} failed: {}", pending.key(), failure.toString());
    var unavailable = new PaymentFailure(PaymentErrorCode.PAYMENT_UNAVAILABLE,
      "the card provider is unavailable: " + failure.getMessage());
    if (failure instanceof CardProviderUnavailableException
      && pending.operation() == PendingOperation.Operation.AUTHORIZE) {
      return store(stored, begun.authorizationFailed(failure.getMessage(), Instant.now()))
        .compose(written -> Future.failedFuture(unavailable));
    }
    return Future.failedFuture(unavailable);
  }
}
