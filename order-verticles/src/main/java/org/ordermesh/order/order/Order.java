package org.ordermesh.order.order;

import org.ordermesh.platform.mongo.MongoDates;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ordermesh.order.api.CancelReason;
import org.ordermesh.order.api.OrderStatus;
import org.ordermesh.order.api.OrderStatusChanged;
import org.ordermesh.platform.http.ApiException;
import org.ordermesh.platform.outbox.Outbox;
import org.ordermesh.platform.outbox.OutboxEvent;
import org.ordermesh.platform.trace.TraceContext;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The order aggregate, over its stored document. It changes state only through methods that check the
 * current state and return the {@link OrderUpdate} (fields, events) the change causes; the repository
 * writes it conditionally on the version it was read at.
 */
public final class Order {

  public static final String PLACED = "org.ordermesh.order.OrderPlaced.v1";
  public static final String CONFIRMED = "org.ordermesh.order.OrderConfirmed.v1";
  public static final String CANCELLED = "org.ordermesh.order.OrderCancelled.v1";
  public static final String REFUNDED = "org.ordermesh.order.OrderRefunded.v1";

  private final JsonObject doc;

  private Order(JsonObject doc) {
    this.doc = doc;
  }

  public static Order fromDocument(JsonObject doc) {
    return new Order(doc);
  }

  /**
   * A new order, PENDING, whose saga starts at its first step; its first event rides in the document, and
   * the trace of the request that placed it is kept, for an operator to find the saga's trace.
   */
  public static Order place(String id, String customerId, List<OrderLine> lines, String currency, String paymentMethod,
                            JsonObject shippingAddress, Instant now, JsonObject saga) {
    var total = lines.stream().mapToLong(OrderLine::lineTotalMinor).reduce(0, Math::addExact);
    var items = new JsonArray();
    lines.forEach(line -> items.add(line.toDocument()));
    var doc = new JsonObject()
      .put("_id", id)
      .put("orderId", id)
      .put("customerId", customerId)
      .put("status", OrderStatus.PENDING.name())
      .put("items", items)
      .put("totalMinor", total)
      .put("currency", currency)
      .put("paymentMethod", paymentMethod)
      .put("shippingAddress", shippingAddress)
      .put("createdAt", MongoDates.of(now))
      .put("updatedAt", MongoDates.of(now))
      .put("version", 0L)
      .put("statusSeq", 1L)
      .put("statusHistory", new JsonArray().add(historyEntry(1, OrderStatus.PENDING, null, now)))
      .put("cancelRequested", false)
      .put("saga", saga);
    var traceId = TraceContext.currentTraceId();
    if (traceId != null) {
      doc.put("traceId", traceId);
    }
    var order = new Order(doc);
    Outbox.attach(doc, List.of(OutboxEvent.of(PLACED, id, order.eventData())));
    return order;
  }

  /** This order as {@code update} would leave it, not written: same version. */
  public Order carrying(OrderUpdate update) {
    return new Order(update.appliedTo(doc));
  }

  /** The stored document (a new order's includes its outbox). */
  public JsonObject document() {
    return doc;
  }

  public String id() {
    return doc.getString("_id");
  }

  public String customerId() {
    return doc.getString("customerId");
  }

  /** The trace id of the request that placed the order, if it had one. */
  public String traceId() {
    return doc.getString("traceId");
  }

  public OrderStatus status() {
    return OrderStatus.valueOf(doc.getString("status"));
  }

  public Instant createdAt() {
    return MongoDates.toInstant(doc.getValue("createdAt"));
  }

  public long version() {
    return doc.getLong("version");
  }

  public boolean cancelRequested() {
    return doc.getBoolean("cancelRequested", false);
  }

  public JsonObject saga() {
    return doc.getJsonObject("saga");
  }

  public List<OrderLine> lines() {
    return doc.getJsonArray("items").stream().map(JsonObject.class::cast).map(OrderLine::fromDocument).toList();
  }

  public long totalMinor() {
    return doc.getLong("totalMinor");
  }

  public String currency() {
    return doc.getString("currency");
  }

  public String paymentMethod() {
    return doc.getString("paymentMethod");
  }

  public boolean isOwnedBy(String subject) {
    return customerId().equals(subject);
  }

  /** The customer asks to cancel; the saga honours it at its next step, as long as it has not passed the pivot. */
  public OrderUpdate requestCancel(boolean pastPivot) {
    if (status() != OrderStatus.PENDING || pastPivot) {
      throw ApiException.conflict("order " + id() + " is " + status().name().toLowerCase()
        + " and can no longer be cancelled").withType("order-not-cancellable");
    }
    return new OrderUpdate().set("cancelRequested", true).set("updatedAt", MongoDates.of(Instant.now()));
  }

  /** The pivot: from here on the order is the customer's, and the remaining steps only complete it. */
  public OrderUpdate confirm(Instant now) {
    requirePending();
    return changeStatus(OrderStatus.CONFIRMED, null, now)
      .set("confirmedAt", MongoDates.of(now))
      .set("confirmedDay", now.atZone(ZoneOffset.UTC).toLocalDate().toString())
      .event(OutboxEvent.of(CONFIRMED, id(), eventData()));
  }

  public long refundedMinor() {
    return doc.getLong("refundedMinor", 0L);
  }

  /** The payment service refunded {@code refundedMinor} in total so far. */
  public OrderUpdate refunded(long refundedMinor, Instant now) {
    return new OrderUpdate()
      .set("refundedMinor", refundedMinor)
      .set("updatedAt", MongoDates.of(now))
      .event(OutboxEvent.of(REFUNDED, id(), eventData().put("refundedMinor", refundedMinor)));
  }

  /** The order's flag for an operator, {step, reason, since}, or null when nothing needs attention. */
  public JsonObject attention() {
    return doc.getJsonObject("attention");
  }

  /** A step after the pivot was refused: the order needs an operator; a flag already raised keeps its {@code since}. */
  public OrderUpdate flag(String step, String reason, Instant now) {
    var since = attention() != null && step.equals(attention().getString("step"))
      ? attention().getString("since") : now.toString();
    return new OrderUpdate().set("attention", new JsonObject().put("step", step).put("reason", reason).put("since", since))
      .set("updatedAt", MongoDates.of(now));
  }

  /** The flagged step went through on an operator's retry. */
  public OrderUpdate resolveAttention(Instant now) {
    return new OrderUpdate().set("attention", null).set("updatedAt", MongoDates.of(now));
  }

  /** An operator asks the saga to run the flagged step again. */
  public OrderUpdate requestRetry() {
    if (attention() == null) {
      throw ApiException.conflict("order " + id() + " has no step that needs attention").withType("nothing-to-retry");
    }
    return new OrderUpdate().set("saga.retry", attention().getString("step")).set("saga.done", false);
  }

  public OrderUpdate cancel(CancelReason reason, Instant now) {
    requirePending();
    return changeStatus(OrderStatus.CANCELLED, reason, now)
      .set("reason", reason.name())
      .event(OutboxEvent.of(CANCELLED, id(), eventData().put("reason", reason.name())));
  }

  public JsonObject toApi() {
    var items = new JsonArray();
    lines().forEach(line -> items.add(line.toApi()));
    var api = new JsonObject()
      .put("id", id())
      .put("customerId", customerId())
      .put("status", status().name());
    if (doc.getString("reason") != null) {
      api.put("reason", doc.getString("reason"));
    }
    if (attention() != null) {
      api.put("attention", attention().copy());
    }
    return api
      .put("items", items)
      .put("total", Money.toDecimal(totalMinor()))
      .put("currency", currency())
      .put("refunded", Money.toDecimal(refundedMinor()))
      .put("paymentMethod", paymentMethod())
      .put("shippingAddress", doc.getJsonObject("shippingAddress"))
      .put("createdAt", createdAt().toString())
      .put("updatedAt", MongoDates.toInstant(doc.getValue("updatedAt")).toString());
  }

  /** Status changes after {@code afterSeq}, oldest first: what a status feed client has not seen yet. */
  public List<OrderStatusChanged> statusChangesAfter(long afterSeq) {
    return doc.getJsonArray("statusHistory").stream().map(JsonObject.class::cast)
      .filter(entry -> entry.getLong("seq") > afterSeq)
      .map(entry -> new OrderStatusChanged(id(), customerId(), OrderStatus.valueOf(entry.getString("status")),
        entry.getString("reason") == null ? null : CancelReason.valueOf(entry.getString("reason")),
        entry.getLong("seq"), Instant.parse(entry.getString("at"))))
      .toList();
  }

  private OrderUpdate changeStatus(OrderStatus status, CancelReason reason, Instant now) {
    var seq = doc.getLong("statusSeq") + 1;
    // orderId again: the embedded store's change events name an updated document only by the fields its update sets
    return new OrderUpdate()
      .set("orderId", id())
      .set("status", status.name())
      .set("statusSeq", seq)
      .set("updatedAt", MongoDates.of(now))
      .push("statusHistory", historyEntry(seq, status, reason, now))
      .statusChange(new OrderStatusChanged(id(), customerId(), status, reason, seq, now));
  }

  private void requirePending() {
    if (status() != OrderStatus.PENDING) {
      throw new IllegalStateException("order " + id() + " is already " + status());
    }
  }

  private JsonObject eventData() {
    var items = new JsonArray();
    lines().forEach(line -> items.add(line.toDocument()));
    return new JsonObject().put("orderId", id()).put("customerId", customerId()).put("items", items)
      .put("totalMinor", totalMinor()).put("currency", currency());
  }

  private static JsonObject historyEntry(long seq, OrderStatus status, CancelReason reason, Instant at) {
    var entry = new JsonObject().put("seq", seq).put("status", status.name()).put("at", at.toString());
    if (reason != null) {
      entry.put("reason", reason.name());
    }
    return entry;
  }
}
