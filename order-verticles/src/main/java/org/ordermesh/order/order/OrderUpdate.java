package org.ordermesh.order.order;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ordermesh.order.api.OrderStatusChanged;
import org.ordermesh.platform.outbox.Outbox;
import org.ordermesh.platform.outbox.OutboxEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One change to an order document, written as one conditional single-document update: the fields it
 * sets, the entries it appends, the events it causes (into the document's outbox) and the status
 * change to announce once it is written.
 */
public final class OrderUpdate {

  private final JsonObject set = new JsonObject();
  private final JsonObject push = new JsonObject();
  private final List<OutboxEvent> events = new ArrayList<>();
  private OrderStatusChanged statusChange;

  public OrderUpdate set(String field, Object value) {
    set.put(field, value);
    return this;
  }

  public OrderUpdate push(String field, JsonObject entry) {
    var entries = push.getJsonArray(field);
    if (entries == null) {
      entries = new JsonArray();
      push.put(field, entries);
    }
    entries.add(entry);
    return this;
  }

  public OrderUpdate event(OutboxEvent event) {
    events.add(event);
    return this;
  }

  OrderUpdate statusChange(OrderStatusChanged change) {
    this.statusChange = change;
    return this;
  }

  /** Both changes in one write, e.g. a saga step's outcome and the order status it leads to. */
  public OrderUpdate and(OrderUpdate other) {
    set.mergeIn(other.set);
    other.push.forEach(field -> ((JsonArray) field.getValue()).forEach(entry -> push(field.getKey(), (JsonObject) entry)));
    events.addAll(other.events);
    if (other.statusChange != null) {
      statusChange = other.statusChange;
    }
    return this;
  }

  public Optional<OrderStatusChanged> statusChange() {
    return Optional.ofNullable(statusChange);
  }

  public boolean hasEvents() {
    return !events.isEmpty();
  }

  /**
   * The document as this update would leave it, without writing it (nor its version): a saga carries
   * steps it may repeat in memory until a write that must not be lost. An update with events cannot be
   * carried: they must reach the outbox with the write that caused them.
   */
  public JsonObject appliedTo(JsonObject document) {
    if (hasEvents()) {
      throw new IllegalStateException("an update causing events is written, never carried");
    }
    var result = document.copy();
    set.forEach(field -> parentOf(result, field.getKey()).put(leaf(field.getKey()), field.getValue()));
    push.forEach(field -> {
      var parent = parentOf(result, field.getKey());
      var entries = parent.getJsonArray(leaf(field.getKey()));
      if (entries == null) {
        entries = new JsonArray();
        parent.put(leaf(field.getKey()), entries);
      }
      entries.addAll(((JsonArray) field.getValue()).copy());
    });
    return result;
  }

  private static JsonObject parentOf(JsonObject document, String path) {
    var parent = document;
    var names = path.split("\\.");
    for (var i = 0; i < names.length - 1; i++) {
      parent = parent.getJsonObject(names[i]);
    }
    return parent;
  }

  private static String leaf(String path) {
    return path.substring(path.lastIndexOf('.') + 1);
  }

  /** This update followed by {@code other}, as a new update: neither is changed. */
  public OrderUpdate then(OrderUpdate other) {
    return new OrderUpdate().and(this).and(other);
  }

  JsonObject toMongoUpdate() {
    var update = new JsonObject().put("$inc", new JsonObject().put("version", 1));
    if (!set.isEmpty()) {
      update.put("$set", set.copy());
    }
    if (!push.isEmpty()) {
      var pushes = new JsonObject();
      push.forEach(field -> pushes.put(field.getKey(), new JsonObject().put("$each", ((JsonArray) field.getValue()).copy())));
      update.put("$push", pushes);
    }
    return Outbox.push(update, events);
  }
}
