package org.ordermesh.order.saga;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ordermesh.order.OrderConfig;
import org.ordermesh.order.api.CancelReason;
import org.ordermesh.order.order.Order;
import org.ordermesh.platform.peer.PeerClient;
import org.ordermesh.platform.peer.PeerOptions;
import org.ordermesh.platform.peer.PeerRejectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The saga's participants: the catalog's inventory and the payment service, each behind its own
 * breaker. Retries are the saga's (counted in its timeline), so the peer clients make one attempt.
 * Every call is idempotent on the participant's side per (order, action).
 */
public final class Participants {

  static final String INVENTORY = "catalog.inventory";
  static final String PAYMENTS = "payment.payments";

  private static final Logger log = LoggerFactory.getLogger(Participants.class);

  private final PeerClient inventory;
  private final PeerClient payments;

  public Participants(Vertx vertx, OrderConfig config) {
    this.inventory = PeerClient.create(vertx, PeerOptions.defaults(INVENTORY).withRetries(0, 50, 500));
    this.payments = PeerClient.create(vertx, PeerOptions.defaults(PAYMENTS).withRetries(0, 50, 500)
      .withTimeout(config.paymentTimeout().toMillis()));
  }

  Future<StepResult> reserveStock(Order order) {
    var items = new JsonArray();
    order.lines().forEach(line -> items.add(new JsonObject().put("productId", line.productId())
      .put("quantity", line.quantity())));
    return call(inventory, command("reserve", order).put("items", items),
      reply -> StepResult.DONE, CancelReason.OUT_OF_STOCK);
  }

  Future<StepResult> releaseStock(Order order) {
    return undo(inventory, command("release", order));
  }

  Future<StepResult> commitStock(Order order) {
    return complete(inventory, command("commit", order));
  }

  Future<StepResult> authorizePayment(Order order) {
    var command = command("authorize", order)
      .put("customerId", order.customerId())
      .put("amountMinor", order.totalMinor())
      .put("currency", order.currency())
      .put("paymentMethod", order.paymentMethod());
    return call(payments, command, reply -> "AUTHORIZED".equals(reply.getString("status"))
      ? StepResult.DONE
      : new StepResult.Refused(CancelReason.PAYMENT_DECLINED, "payment " + reply.getString("status")),
      CancelReason.PAYMENT_DECLINED);
  }

  Future<StepResult> voidPayment(Order order) {
    return undo(payments, command("void", order));
  }

  Future<StepResult> capturePayment(Order order) {
    return complete(payments, command("capture", order));
  }

  private static JsonObject command(String action, Order order) {
    return new JsonObject().put("v", 1).put("action", action).put("orderId", order.id());
  }

  private static Future<StepResult> call(PeerClient peer, JsonObject command,
                                         java.util.function.Function<JsonObject, StepResult> onReply,
                                         CancelReason onRefusal) {
    return peer.request(command).map(onReply).recover(error -> Future.succeededFuture(
      error instanceof PeerRejectedException refusal
        ? new StepResult.Refused(onRefusal, refusal.getMessage() + ": " + refusal.body())
        : new StepResult.Unavailable(String.valueOf(error.getMessage()))));
  }

  // An undo the participant refuses has nothing left to undo (never done, or already undone).
  private static Future<StepResult> undo(PeerClient peer, JsonObject command) {
    return peer.request(command).map(reply -> StepResult.DONE).recover(error -> Future.succeededFuture(
      error instanceof PeerRejectedException ? StepResult.DONE : new StepResult.Unavailable(String.valueOf(error.getMessage()))));
  }

  // After the pivot a refusal cannot be retried away: it is recorded for an operator, and the saga goes on.
  private static Future<StepResult> complete(PeerClient peer, JsonObject command) {
    return peer.request(command).map(reply -> StepResult.DONE).recover(error -> {
      if (error instanceof PeerRejectedException refusal) {
        log.error("{} refused {} for order {} after the pivot: {}", peer.name(), command.getString("action"),
          command.getString("orderId"), refusal.body());
        return Future.succeededFuture(new StepResult.Refused(null, refusal.body()));
      }
      return Future.succeededFuture(new StepResult.Unavailable(String.valueOf(error.getMessage())));
    });
  }
}
