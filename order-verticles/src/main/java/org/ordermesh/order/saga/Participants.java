package org.ordermesh.order.saga;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ordermesh.catalog.api.CatalogAddresses;
import org.ordermesh.catalog.api.CommitStock;
import org.ordermesh.catalog.api.ReleaseStock;
import org.ordermesh.catalog.api.ReserveStock;
import org.ordermesh.catalog.api.StockLine;
import org.ordermesh.order.OrderConfig;
import org.ordermesh.order.api.CancelReason;
import org.ordermesh.order.order.Order;
import org.ordermesh.payment.api.AuthorizePayment;
import org.ordermesh.payment.api.CapturePayment;
import org.ordermesh.payment.api.PaymentAddresses;
import org.ordermesh.payment.api.PaymentReply;
import org.ordermesh.payment.api.PaymentStatus;
import org.ordermesh.payment.api.VoidPayment;
import org.ordermesh.platform.peer.PeerClient;
import org.ordermesh.platform.peer.PeerOptions;
import org.ordermesh.platform.peer.PeerRejectedException;
import org.ordermesh.platform.security.BusAuthorization;
import org.ordermesh.platform.security.ServiceToken;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The saga's participants: the catalog's inventory and the payment service, each behind its own
 * breaker, spoken to only through their {@code api} packages, and the extension steps of
 * {@code ORDERMESH_SAGA_EXTENSIONS}, each behind a breaker named after it and called at its fixed address
 * (a bridged program publishes no discovery record). Retries are the saga's (counted in its
 * timeline), so the peer clients make one attempt. Every call is idempotent on the participant's side
 * per (order, action); each command carries the step's attempt, and each reply echoes it.
 */
public final class Participants {

  /** Every reply echoes its command's attempt under this name, in catalog's api and payment's alike. */
  static final String ATTEMPT = CatalogAddresses.FIELD_ATTEMPT;
  /** The forward action of an extension step's command. */
  static final String CHECK = "check";

  private final AuthorizedPeer inventory;
  private final AuthorizedPeer payments;
  // one client, and so one breaker named after it, per extension step
  private final Map<String, PeerClient> extensions = new HashMap<>();

  public Participants(Vertx vertx, OrderConfig config) {
    var token = ServiceToken.forNode(vertx, config.clientId(), config.clientSecret(),
      Set.of(CatalogAddresses.SCOPE, PaymentAddresses.SCOPE));
    this.inventory = new AuthorizedPeer(PeerClient.create(vertx, PeerOptions.defaults(CatalogAddresses.INVENTORY).withRetries(0, 50, 500)
      .withTimeout(config.inventoryTimeout().toMillis()).withMaxInFlight(config.participantInFlight())), token);
    this.payments = new AuthorizedPeer(PeerClient.create(vertx, PeerOptions.defaults(PaymentAddresses.PAYMENTS).withRetries(0, 50, 500)
      .withTimeout(config.paymentTimeout().toMillis()).withMaxInFlight(config.participantInFlight())), token);
    config.sagaExtensions().forEach(extension -> extensions.put(extension.name(),
      PeerClient.create(vertx, PeerOptions.defaults(extension.name()).withRetries(0, 50, 500)
        .withTimeout(extension.timeout().toMillis()).withMaxInFlight(config.participantInFlight()))));
  }

  /** An extension step's check: APPROVED goes on, DECLINED cancels the order with the reason it gives. */
  Future<StepResult> extension(SagaExtension extension, Order order, int attempt) {
    var items = new JsonArray();
    order.lines().forEach(line -> items.add(new JsonObject().put("productId", line.productId())
      .put("quantity", line.quantity()).put("unitPrice", decimal(line.unitPriceMinor()))));
    var command = stepCommand(CHECK, extension, order, attempt).put("customerId", order.customerId())
      .put("items", items).put("total", decimal(order.totalMinor())).put("currency", order.currency());
    return call(extensions.get(extension.name()), extension.address(), command, order, attempt,
      reply -> checked(reply, attempt), CancelReason.DECLINED);
  }

  /** An extension step's compensation: its configured action, to the same address. */
  Future<StepResult> compensateExtension(SagaExtension extension, Order order, int attempt) {
    return call(extensions.get(extension.name()), extension.address(),
      stepCommand(extension.compensation(), extension, order, attempt), order, attempt,
      reply -> "COMPENSATED".equals(reply.getString("outcome"))
        ? new StepResult.Done(attempt) : new StepResult.Unavailable("compensation answered " + reply.encode()), null);
  }

  private static JsonObject stepCommand(String action, SagaExtension extension, Order order, int attempt) {
    return new JsonObject().put("v", 1).put("action", action).put("step", extension.name()).put(ATTEMPT, attempt)
      .put("orderId", order.id());
  }

  // a decline without a reason of the admitted form cancels with DECLINED
  private static StepResult checked(JsonObject reply, int attempt) {
    var outcome = reply.getString("outcome");
    if ("APPROVED".equals(outcome)) {
      return new StepResult.Done(attempt);
    }
    if ("DECLINED".equals(outcome)) {
      var reason = reply.getValue("reason") instanceof String given && CancelReason.isValid(given)
        ? CancelReason.valueOf(given) : CancelReason.DECLINED;
      return new StepResult.Refused(reason, "declined: " + reply.getValue("reason"), attempt);
    }
    return new StepResult.Unavailable("the step answered " + reply.encode());
  }

  // an amount as the order API shows it: a number with two decimals
  private static BigDecimal decimal(long minor) {
    return BigDecimal.valueOf(minor, 2);
  }

  Future<StepResult> reserveStock(Order order, int attempt) {
    var lines = order.lines().stream().map(line -> new StockLine(line.productId(), line.quantity())).toList();
    return call(inventory, new ReserveStock(order.id(), lines, attempt).toJson(), order, attempt,
      reply -> new StepResult.Done(attempt), CancelReason.OUT_OF_STOCK);
  }

  Future<StepResult> releaseStock(Order order, int attempt) {
    return call(inventory, new ReleaseStock(order.id(), attempt).toJson(), order, attempt,
      reply -> new StepResult.Done(attempt), null);
  }

  Future<StepResult> commitStock(Order order, int attempt) {
    return call(inventory, new CommitStock(order.id(), attempt).toJson(), order, attempt,
      reply -> new StepResult.Done(attempt), null);
  }

  Future<StepResult> authorizePayment(Order order, int attempt) {
    var command = new AuthorizePayment(order.id(), order.customerId(), order.totalMinor(), order.currency(),
      order.paymentMethod(), attempt);
    return call(payments, command.toJson(), order, attempt, reply -> authorized(PaymentReply.fromJson(reply).status(), attempt),
      CancelReason.PAYMENT_DECLINED);
  }

  Future<StepResult> voidPayment(Order order, int attempt) {
    return call(payments, new VoidPayment(order.id(), attempt).toJson(), order, attempt, reply -> new StepResult.Done(attempt), null);
  }

  Future<StepResult> capturePayment(Order order, int attempt) {
    return call(payments, new CapturePayment(order.id(), attempt).toJson(), order, attempt, reply -> new StepResult.Done(attempt), null);
  }

  // PENDING or FAILED: the provider's outcome is not known yet, or it failed; the same authorize asks again
  private static StepResult authorized(PaymentStatus status, int attempt) {
    return switch (status) {
      case AUTHORIZED -> new StepResult.Done(attempt);
      case DECLINED -> new StepResult.Refused(CancelReason.PAYMENT_DECLINED, "payment DECLINED", attempt);
      default -> new StepResult.Unavailable("payment " + status);
    };
  }

  /**
   * One attempt. A reply for another order, or naming another attempt, is handed on as that attempt's
   * answer (the decider ignores it); a refusal answers the attempt asked (refusals carry no body).
   */
  private static Future<StepResult> call(AuthorizedPeer peer, JsonObject command, Order order, int attempt,
                                         Function<JsonObject, StepResult> onReply, CancelReason onRefusal) {
    return answer(peer.request(command), order, attempt, onReply, onRefusal);
  }

  private static Future<StepResult> call(PeerClient peer, String address, JsonObject command, Order order, int attempt,
                                         Function<JsonObject, StepResult> onReply, CancelReason onRefusal) {
    return answer(peer.requestAt(address, command), order, attempt, onReply, onRefusal);
  }

  private static Future<StepResult> answer(Future<JsonObject> replied, Order order, int attempt,
                                           Function<JsonObject, StepResult> onReply, CancelReason onRefusal) {
    return replied.map(reply -> {
      if (!order.id().equals(reply.getString("orderId", order.id()))) {
        return (StepResult) new StepResult.Unavailable("a reply for order " + reply.getString("orderId"));
      }
      var answered = reply.getInteger(ATTEMPT, attempt);
      var result = onReply.apply(reply);
      return answered == attempt ? result : withAttempt(result, answered);
    }).recover(error -> Future.succeededFuture(error instanceof PeerRejectedException refusal
      && refusal.status() != BusAuthorization.FORBIDDEN
      ? new StepResult.Refused(onRefusal, refusal.body(), attempt)
      : new StepResult.Unavailable(String.valueOf(error.getMessage()))));
  }

  /** A participant's client that sends the node's service token; no token yet is a peer unavailable, retried. */
  private record AuthorizedPeer(PeerClient peer, ServiceToken token) {

    Future<JsonObject> request(JsonObject command) {
      return token.current()
        .recover(error -> Future.failedFuture(new IllegalStateException("no service token: " + error.getMessage())))
        .compose(current -> peer.request(command, "Bearer " + current));
    }
  }

  private static StepResult withAttempt(StepResult result, int attempt) {
    if (result instanceof StepResult.Done) {
      return new StepResult.Done(attempt);
    }
    return result instanceof StepResult.Refused refused
      ? new StepResult.Refused(refused.reason(), refused.detail(), attempt)
      : result;
  }
}
