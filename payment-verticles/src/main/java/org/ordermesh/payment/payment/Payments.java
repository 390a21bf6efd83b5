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
import java.util.List;
import java.util.UUID;

/**
 * Carries out payment commands, whoever sends them (the event bus, the admin API). The first authorize of an
 * order asks the provider and inserts the payment with the answer. Each other round starts from the payment as
 * this node last saw it (the {@link PaymentCache}), or reads it; if a provider call is pending it finishes it
 * first (asking the provider again by the same key), otherwise the payment decides: answer, refuse, or make a
 * provider call, stored before it is made unless it is a capture ({@link PendingOperation#writtenAhead()}).
 * Every write is conditional on the version it started from; one that loses reads the payment again. A refusal
 * is only given on a payment read from the store. Commands on one order run one after another here, so a
 * repeat waits for the first and answers from what it wrote. Every reply carries the command's attempt.
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
    return perOrder.run(orderId, () -> round(command, 0, cache.get(orderId), false));
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

  /**
   * One round on {@code known}, the payment as last seen by this node, or null to read it from the store;
   * {@code read} says {@code known} came from the store just now, so a refusal decided on it stands.
   */
  private Future<PaymentReply> round(PaymentCommand command, int round, Payment known, boolean read) {
    if (round == MAX_ROUNDS) {
      return Future.failedFuture(new PaymentFailure(PaymentErrorCode.PAYMENT_UNAVAILABLE,
        "payment " + command.orderId() + " kept changing under " + command.action()));
    }
    if (known == null && round == 0 && command instanceof AuthorizePayment authorize) {
      return authorizeFirst(authorize).compose(stored -> round(command, round + 1, stored, true));
    }
    var payment = known == null ? load(command) : Future.succeededFuture(known);
    return payment.compose(current -> {
      if (current.pending() != null) {
        return carryOut(current, current).compose(stored -> round(command, round + 1, stored, false));
      }
      var decision = current.decide(command, Instant.now());
      if (decision instanceof Decision.Done done) {
        return Future.succeededFuture(done.reply());
      }
      if (decision instanceof Decision.Refused refused) {
        // what this node saw may be stale: refuse only what the store says
        return known == null || read
          ? Future.failedFuture(new PaymentFailure(refused.code(), refused.detail()))
          : round(command, round + 1, null, false);
      }
      var begun = ((Decision.Begin) decision).next();
      if (!begun.pending().writtenAhead()) {
        return carryOut(current, begun).compose(stored -> round(command, round + 1, stored, false));
      }
      return store(current, begun)
        .compose(stored -> stored == null ? Future.succeededFuture() : carryOut(stored, stored))
        .compose(stored -> round(command, round + 1, stored, false));
    });
  }

  /**
   * The first authorize of an order this node has no copy of: asks the provider, then stores the payment with its
   * answer, one insert. Nothing is stored before the call: the provider keeps the authorization by its key, so a
   * retry (after a timeout, after a crash) asks again and gets it, and a void that finds no payment voids it at the
   * provider by that key before it leaves its tombstone. An insert that finds a payment already there (another
   * node's, a tombstone) answers that one, read from the store.
   */
  private Future<Payment> authorizeFirst(AuthorizePayment command) {
    var asked = Payment.start(command, newPaymentId(), Instant.now());
    return call(asked).compose(
      answer -> insert(asked.complete(answer, Instant.now())),
      failure -> {
        var unavailable = unavailable(asked.pending(), failure);
        return failure instanceof CardProviderUnavailableException
          ? insert(asked.authorizationFailed(failure.getMessage(), Instant.now())).compose(v -> Future.failedFuture(unavailable))
          : Future.failedFuture(unavailable);
      });
  }

  // a capture, void or refund needs a payment; a void before any authorize leaves a tombstone
  private Future<Payment> load(PaymentCommand command) {
    return repository.findByOrderId(command.orderId())
      .compose(found -> found == null && command instanceof VoidPayment voiding
        ? voidBeforeAuthorize(voiding)
        : Future.succeededFuture(found))
      .map(payment -> {
        if (payment == null) {
          throw new PaymentFailure(PaymentErrorCode.UNKNOWN_PAYMENT, "no payment for order " + command.orderId());
        }
        cache.put(payment);
        return payment;
      });
  }

  /**
   * A void for an order with no payment. An authorize may still be at the provider (timed out, on another node, or
   * its node died), so the provider is asked to void by the authorization's key first: it voids what it holds, or
   * leaves a tombstone of its own that declines a late authorize by that key. Then the payment's tombstone refuses a
   * late authorize here. An authorize that stored its payment meanwhile wins the insert, and the void goes on with
   * that payment (the same void key: the provider answers the same).
   */
  private Future<Payment> voidBeforeAuthorize(VoidPayment command) {
    var orderId = command.orderId();
    var voiding = PendingOperation.voiding(orderId);
    return provider.voidAuthorization(voiding.key(), PendingOperation.authorizationKey(orderId))
      .recover(failure -> Future.failedFuture(unavailable(voiding, failure)))
      .compose(answer -> {
        if (!answer.approved()) {
          return Future.failedFuture(new PaymentFailure(PaymentErrorCode.INVALID_STATE,
            "the provider refused the VOID: " + answer.reason()));
        }
        log.info("void of order {} before its authorize: tombstone", orderId);
        return repository.insertOrFind(Payment.tombstone(orderId, newPaymentId(), Instant.now()), List.of());
      });
  }

  private static String newPaymentId() {
    return "pay_" + UUID.randomUUID();
  }

  // a new payment and the events it caused are one insert; one already there is answered instead
  private Future<Payment> insert(Payment fresh) {
    return repository.insertOrFind(fresh, TransitionEvents.of(fresh)).onSuccess(cache::put);
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
    var unavailable = unavailable(begun.pending(), failure);
    if (failure instanceof CardProviderUnavailableException
      && begun.pending().operation() == PendingOperation.Operation.AUTHORIZE) {
      return store(stored, begun.authorizationFailed(failure.getMessage(), Instant.now()))
        .compose(written -> Future.failedFuture(unavailable));
    }
    return Future.failedFuture(unavailable);
  }

  private static PaymentFailure unavailable(PendingOperation call, Throwable failure) {
    log.warn("card provider call {} failed: {}", call.key(), failure.toString());
    return new PaymentFailure(PaymentErrorCode.PAYMENT_UNAVAILABLE, "the card provider is unavailable: " + failure.getMessage());
  }
}
