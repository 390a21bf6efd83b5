package org.ordermesh.payment.payment;

import org.ordermesh.payment.api.AuthorizePayment;
import org.ordermesh.payment.api.CapturePayment;
import org.ordermesh.payment.api.PaymentCommand;
import org.ordermesh.payment.api.PaymentErrorCode;
import org.ordermesh.payment.api.PaymentReply;
import org.ordermesh.payment.api.PaymentStatus;
import org.ordermesh.payment.api.RefundPayment;
import org.ordermesh.payment.provider.ProviderAnswer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.ordermesh.payment.api.PaymentStatus.AUTHORIZED;
import static org.ordermesh.payment.api.PaymentStatus.CAPTURED;
import static org.ordermesh.payment.api.PaymentStatus.DECLINED;
import static org.ordermesh.payment.api.PaymentStatus.FAILED;
import static org.ordermesh.payment.api.PaymentStatus.PARTIALLY_REFUNDED;
import static org.ordermesh.payment.api.PaymentStatus.PENDING;
import static org.ordermesh.payment.api.PaymentStatus.REFUNDED;
import static org.ordermesh.payment.api.PaymentStatus.VOIDED;

/**
 * The payment of one order, and the only place that decides its transitions:
 * {@code PENDING -> AUTHORIZED | DECLINED | FAILED}, {@code FAILED -> PENDING} (retried),
 * {@code AUTHORIZED | FAILED -> VOIDED}, {@code AUTHORIZED -> CAPTURED -> PARTIALLY_REFUNDED -> REFUNDED}.
 * Every transition returns a new payment whose last history entry says what happened; at most one provider
 * call is pending at a time, so refunds are checked against the capture one after another. A void that came
 * before any authorize leaves a tombstone ({@code compensatedAt} set, {@code VOIDED}, no amount): the order is
 * compensated, and a late authorize is refused {@code ALREADY_COMPENSATED}.
 */
public record Payment(String orderId, String paymentId, String customerId, long amountMinor, String currency,
                      String paymentMethod, PaymentStatus status, long version, long capturedMinor, long refundedMinor,
                      List<Refund> refunds, PendingOperation pending, List<HistoryEntry> history,
                      Instant createdAt, Instant updatedAt, Instant compensatedAt) {

  public Payment {
    refunds = List.copyOf(refunds);
    history = List.copyOf(history);
  }

  /** A new payment whose authorization is about to be asked for. */
  public static Payment start(AuthorizePayment command, String paymentId, Instant now) {
    return new Payment(command.orderId(), paymentId, command.customerId(), command.amountMinor(), command.currency(),
      command.paymentMethod(), PENDING, 0, 0, 0, List.of(), PendingOperation.authorize(command.orderId(),
      command.amountMinor()), List.of(new HistoryEntry("AuthorizationRequested", PENDING, now, null)), now, now, null);
  }

  /** The tombstone of an order voided before any authorize: nothing was or will be held for it. */
  public static Payment tombstone(String orderId, String paymentId, Instant now) {
    return new Payment(orderId, paymentId, null, 0, null, null, VOIDED, 0, 0, 0, List.of(), null,
      List.of(new HistoryEntry("VoidedBeforeAuthorization", VOIDED, now, null)), now, now, now);
  }

  public boolean isTombstone() {
    return compensatedAt != null;
  }

  /** Decides a command against the current state; call it only when no provider call is pending. */
  public Decision decide(PaymentCommand command, Instant now) {
    if (pending != null) {
      throw new IllegalStateException("finish the pending " + pending.operation() + " first");
    }
    if (command instanceof RefundPayment refund) {
      return decideRefund(refund, now);
    }
    return switch (command.action()) {
      case AuthorizePayment.ACTION -> decideAuthorize(command, now);
      case CapturePayment.ACTION -> decideCapture(command, now);
      default -> decideVoid(command, now);
    };
  }

  /** Records the provider's answer to the pending call. */
  public Payment complete(ProviderAnswer answer, Instant now) {
    var detail = answer.approved() ? answer.reference() : answer.reason();
    if (!answer.approved()) {
      return pending.operation() == PendingOperation.Operation.AUTHORIZE
        ? next(DECLINED, "PaymentDeclined", detail, now)
        : next(status, "ProviderRefused", pending.operation() + ": " + detail, now);
    }
    return switch (pending.operation()) {
      case AUTHORIZE -> next(AUTHORIZED, "PaymentAuthorized", detail, now);
      case CAPTURE -> withAmounts(pending.amountMinor(), refundedMinor, refunds)
        .next(CAPTURED, "PaymentCaptured", detail, now);
      case VOID -> next(VOIDED, "PaymentVoided", detail, now);
      case REFUND -> refunded(detail, now);
    };
  }

  /** The provider answered that it could not authorize now: nothing is held, a later authorize tries again. */
  public Payment authorizationFailed(String detail, Instant now) {
    return next(FAILED, "AuthorizationFailed", detail, now);
  }

  /** The answer to a command this payment has already carried out, with the command's attempt. */
  public PaymentReply reply(PaymentCommand command) {
    if (command instanceof RefundPayment refund) {
      var done = refundNamed(refund.refundId()).orElseThrow();
      var total = done.refundedAfterMinor();
      return reply(total == capturedMinor ? REFUNDED : PARTIALLY_REFUNDED, total, command);
    }
    return switch (command.action()) {
      case AuthorizePayment.ACTION -> reply(status == DECLINED ? DECLINED : AUTHORIZED, null, command);
      case CapturePayment.ACTION -> reply(CAPTURED, null, command);
      default -> reply(VOIDED, null, command);
    };
  }

  public Payment withVersion(long newVersion) {
    return new Payment(orderId, paymentId, customerId, amountMinor, currency, paymentMethod, status, newVersion,
      capturedMinor, refundedMinor, refunds, pending, history, createdAt, updatedAt, compensatedAt);
  }

  // a payment voided before anything was held (a tombstone, or a failed authorization voided) holds nothing, ever
  private Decision decideAuthorize(PaymentCommand command, Instant now) {
    if (status == FAILED) {
      return begin(PENDING, PendingOperation.authorize(orderId, amountMinor), "AuthorizationRetried", now);
    }
    if (status == VOIDED && !wasAuthorized()) {
      return new Decision.Refused(PaymentErrorCode.ALREADY_COMPENSATED,
        "order " + orderId + " was voided before it was authorized");
    }
    return new Decision.Done(reply(command));
  }

  private Decision decideCapture(PaymentCommand command, Instant now) {
    return switch (status) {
      case AUTHORIZED -> begin(status, PendingOperation.capture(orderId, amountMinor), "CaptureRequested", now);
      case CAPTURED, PARTIALLY_REFUNDED, REFUNDED -> new Decision.Done(reply(command));
      default -> refuse("cannot capture a " + status + " payment");
    };
  }

  private Decision decideVoid(PaymentCommand command, Instant now) {
    return switch (status) {
      case AUTHORIZED, FAILED -> begin(status, PendingOperation.voiding(orderId), "VoidRequested", now);
      case VOIDED -> new Decision.Done(reply(command));
      default -> refuse("cannot void a " + status + " payment");
    };
  }

  private boolean wasAuthorized() {
    return history.stream().anyMatch(entry -> entry.status() == AUTHORIZED);
  }

  private Decision decideRefund(RefundPayment refund, Instant now) {
    var earlier = refundNamed(refund.refundId());
    if (earlier.isPresent()) {
      return earlier.get().amountMinor() == refund.amountMinor()
        ? new Decision.Done(reply(refund))
        : new Decision.Refused(PaymentErrorCode.REFUND_ID_REUSED, "refund " + refund.refundId() + " had another amount");
    }
    if (status != CAPTURED && status != PARTIALLY_REFUNDED) {
      return refuse("cannot refund a " + status + " payment");
    }
    if (refundedMinor + refund.amountMinor() > capturedMinor) {
      return new Decision.Refused(PaymentErrorCode.REFUND_EXCEEDS_CAPTURE,
        "refunds would total " + (refundedMinor + refund.amountMinor()) + " of " + capturedMinor + " captured");
    }
    return begin(status, PendingOperation.refund(orderId, refund.amountMinor(), refund.refundId()),
      "RefundRequested", now);
  }

  private Payment refunded(String detail, Instant now) {
    var total = refundedMinor + pending.amountMinor();
    var paid = new ArrayList<>(refunds);
    paid.add(new Refund(pending.refundId(), pending.amountMinor(), total, now));
    return withAmounts(capturedMinor, total, paid)
      .next(total == capturedMinor ? REFUNDED : PARTIALLY_REFUNDED, "PaymentRefunded", detail, now);
  }

  private Optional<Refund> refundNamed(String refundId) {
    return refunds.stream().filter(refund -> refund.refundId().equals(refundId)).findFirst();
  }

  private Decision begin(PaymentStatus nextStatus, PendingOperation operation, String event, Instant now) {
    return new Decision.Begin(withPending(operation).record(nextStatus, event, null, now));
  }

  private Decision refuse(String detail) {
    return new Decision.Refused(PaymentErrorCode.INVALID_STATE, detail);
  }

  private PaymentReply reply(PaymentStatus answered, Long refunded, PaymentCommand command) {
    return new PaymentReply(orderId, isTombstone() ? null : paymentId, answered, refunded, command.attempt());
  }

  // a finished provider call: record the outcome and clear the pending operation
  private Payment next(PaymentStatus nextStatus, String event, String detail, Instant now) {
    return withPending(null).record(nextStatus, event, detail, now);
  }

  private Payment record(PaymentStatus nextStatus, String event, String detail, Instant now) {
    var more = new ArrayList<>(history);
    more.add(new HistoryEntry(event, nextStatus, now, detail));
    return new Payment(orderId, paymentId, customerId, amountMinor, currency, paymentMethod, nextStatus, version,
      capturedMinor, refundedMinor, refunds, pending, more, createdAt, now, compensatedAt);
  }

  private Payment withPending(PendingOperation operation) {
    return new Payment(orderId, paymentId, customerId, amountMinor, currency, paymentMethod, status, version,
      capturedMinor, refundedMinor, refunds, operation, history, createdAt, updatedAt, compensatedAt);
  }

  private Payment withAmounts(long captured, long refunded, List<Refund> paid) {
    return new Payment(orderId, paymentId, customerId, amountMinor, currency, paymentMethod, status, version,
      captured, refunded, paid, pending, history, createdAt, updatedAt, compensatedAt);
  }
}
