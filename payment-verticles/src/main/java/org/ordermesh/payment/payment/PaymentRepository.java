package org.ordermesh.payment.payment;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import org.ordermesh.payment.PaymentService;
import org.ordermesh.payment.api.PaymentStatus;
import org.ordermesh.platform.mongo.IndexDeclaration;
import org.ordermesh.platform.mongo.MongoDates;
import org.ordermesh.platform.mongo.MongoErrors;
import org.ordermesh.platform.mongo.MongoRepository;
import org.ordermesh.platform.outbox.Outbox;
import org.ordermesh.platform.outbox.OutboxIndex;
import org.ordermesh.platform.outbox.OutboxEvent;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Payments in {@code payments}, one document per order ({@code _id} is the order id), history, refunds and
 * the pending provider call embedded. Every change is one conditional update filtered by
 * {@code {_id, version}} (found by {@code _id}, guarded by the version), and pushes the events it caused to the document's outbox;
 * never a replace, which would drop events not yet published. The HTTP reads by payment id use the unique
 * index on it.
 */
public final class PaymentRepository extends MongoRepository {

  public static final String COLLECTION = "payments";

  private final Vertx vertx;

  public PaymentRepository(Vertx vertx, MongoClient mongo) {
    super(mongo, COLLECTION);
    this.vertx = vertx;
  }

  @Override
  protected List<IndexDeclaration> indexes() {
    return List.of(
      OutboxIndex.pending(),
      IndexDeclaration.unique("payment_id_unique", new JsonObject().put("paymentId", 1)),
      // only tombstones carry the field: real payments never expire
      IndexDeclaration.expiring("payment_tombstone_expiry", "compensatedAt", 24, TimeUnit.HOURS));
  }

  /**
   * Stores a new payment with the events it caused in its outbox, or, when its order already has one, answers that
   * one (as stored).
   */
  public Future<Payment> insertOrFind(Payment fresh, List<OutboxEvent> events) {
    var document = Outbox.attach(toDocument(fresh), events);
    return mongo.insert(collection(), document).map(id -> {
      Outbox.nudge(vertx, PaymentService.NAME, COLLECTION, fresh.orderId(), document.getJsonArray(Outbox.FIELD));
      return fresh;
    })
      .recover(error -> MongoErrors.isDuplicateKey(error) ? findByOrderId(fresh.orderId()) : Future.failedFuture(error));
  }

  /** The order's payment, or null. */
  public Future<Payment> findByOrderId(String orderId) {
    return mongo.findOne(collection(), new JsonObject().put("_id", orderId), Outbox.hidden()).map(PaymentRepository::toPayment);
  }

  /** The payment with this id, or null. */
  public Future<Payment> findByPaymentId(String paymentId) {
    return mongo.findOne(collection(), new JsonObject().put("paymentId", paymentId), Outbox.hidden())
      .map(PaymentRepository::toPayment);
  }

  /**
   * Writes {@code next} and the events it caused if the stored payment is still {@code expected}; the stored
   * payment, or null if it was not.
   */
  public Future<Payment> update(Payment expected, Payment next, List<OutboxEvent> events) {
    var filter = new JsonObject().put("_id", expected.orderId()).put("version", expected.version());
    var update = Outbox.push(new JsonObject()
      .put("$set", changeableFields(next))
      .put("$inc", new JsonObject().put("version", 1)), events);
    // the outbox as written comes back with the write, for the relay's nudge
    return mongo.findOneAndUpdateWithOptions(collection(), filter, update,
        new FindOptions().setFields(new JsonObject().put(Outbox.FIELD, 1)), new UpdateOptions().setReturningNewDocument(true))
      .map(written -> {
        if (written == null) {
          return null;
        }
        if (!events.isEmpty()) {
          Outbox.nudge(vertx, PaymentService.NAME, COLLECTION, expected.orderId(), written.getJsonArray(Outbox.FIELD));
        }
        return next.withVersion(expected.version() + 1);
      });
  }

  private static JsonObject toDocument(Payment payment) {
    var document = new JsonObject()
      .put("_id", payment.orderId())
      .put("paymentId", payment.paymentId())
      .put("customerId", payment.customerId())
      .put("amountMinor", payment.amountMinor())
      .put("currency", payment.currency())
      .put("paymentMethod", payment.paymentMethod())
      .put("version", payment.version())
      .put("createdAt", payment.createdAt().toString())
      .mergeIn(changeableFields(payment));
    return payment.isTombstone() ? document.put("compensatedAt", MongoDates.of(payment.compensatedAt())) : document;
  }

  // what a transition may change; the rest is fixed when the payment is created
  private static JsonObject changeableFields(Payment payment) {
    var refunds = new JsonArray();
    payment.refunds().forEach(refund -> refunds.add(new JsonObject().put("refundId", refund.refundId())
      .put("amountMinor", refund.amountMinor()).put("refundedAfterMinor", refund.refundedAfterMinor())
      .put("at", refund.at().toString())));
    var history = new JsonArray();
    payment.history().forEach(entry -> history.add(new JsonObject().put("event", entry.event())
      .put("status", entry.status().name()).put("at", entry.at().toString()).put("detail", entry.detail())));
    var pending = payment.pending();
    return new JsonObject()
      .put("status", payment.status().name())
      .put("capturedMinor", payment.capturedMinor())
      .put("refundedMinor", payment.refundedMinor())
      .put("refunds", refunds)
      .put("pending", pending == null ? null : new JsonObject().put("operation", pending.operation().name())
        .put("key", pending.key()).put("amountMinor", pending.amountMinor()).put("refundId", pending.refundId()))
      .put("history", history)
      .put("updatedAt", payment.updatedAt().toString());
  }

  private static Payment toPayment(JsonObject doc) {
    if (doc == null) {
      return null;
    }
    var pending = doc.getJsonObject("pending");
    return new Payment(doc.getString("_id"), doc.getString("paymentId"), doc.getString("customerId"),
      doc.getLong("amountMinor"), doc.getString("currency"), doc.getString("paymentMethod"),
      PaymentStatus.valueOf(doc.getString("status")), doc.getLong("version"), doc.getLong("capturedMinor"),
      doc.getLong("refundedMinor"),
      doc.getJsonArray("refunds").stream().map(JsonObject.class::cast).map(refund -> new Refund(
        refund.getString("refundId"), refund.getLong("amountMinor"), refund.getLong("refundedAfterMinor"),
        Instant.parse(refund.getString("at")))).toList(),
      pending == null ? null : new PendingOperation(PendingOperation.Operation.valueOf(pending.getString("operation")),
        pending.getString("key"), pending.getLong("amountMinor"), pending.getString("refundId")),
      doc.getJsonArray("history").stream().map(JsonObject.class::cast).map(entry -> new HistoryEntry(
        entry.getString("event"), PaymentStatus.valueOf(entry.getString("status")), Instant.parse(entry.getString("at")),
        entry.getString("detail"))).toList(),
      Instant.parse(doc.getString("createdAt")), Instant.parse(doc.getString("updatedAt")),
      MongoDates.read(doc, "compensatedAt"));
  }
}
