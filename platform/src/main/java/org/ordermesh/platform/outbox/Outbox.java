package org.ordermesh.platform.outbox;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Puts events into an aggregate's own document, so that the state change and the events it caused are
 * one single-document write: either both happen or neither (the embedded store has no transactions).
 * The relay reads them from the {@value #FIELD} array, in array order, and removes them once published.
 */
public final class Outbox {

  /** The array of pending events in an aggregate's document; leave it out of API projections. */
  public static final String FIELD = "outbox";

  private Outbox() {
  }

  /**
   * Adds the events to an update document (one with {@code $set}, {@code $inc}... operators) as a
   * {@code $push} to the outbox, so they are written by the same conditional update as the state change.
   * Returns the same update document.
   */
  public static JsonObject push(JsonObject update, List<OutboxEvent> events) {
    if (events.isEmpty()) {
      return update;
    }
    JsonObject pushes = update.getJsonObject("$push");
    if (pushes == null) {
      pushes = new JsonObject();
      update.put("$push", pushes);
    }
    if (pushes.containsKey(FIELD)) {
      throw new IllegalArgumentException("the update already pushes to '" + FIELD + "'");
    }
    pushes.put(FIELD, new JsonObject().put("$each", entries(events)));
    return update;
  }

  /** Adds the events to a document about to be inserted (an aggregate created with its first events). */
  public static JsonObject attach(JsonObject document, List<OutboxEvent> events) {
    if (document.containsKey(FIELD)) {
      throw new IllegalArgumentException("the document already has '" + FIELD + "'");
    }
    return document.put(FIELD, entries(events));
  }

  /**
   * Tells the service's relay, wherever it runs in the cluster, that an aggregate has new events, so they
   * go out now rather than at the next scan. Call it after the write succeeded; losing a nudge delays
   * the events until that scan, never loses them.
   */
  public static void nudge(Vertx vertx, String service, String collection, Object aggregateId) {
    vertx.eventBus().publish(nudgeAddress(service), new JsonObject().put("collection", collection).put("id", aggregateId));
  }

  /**
   * A nudge carrying the aggregate's whole outbox as the write that just succeeded left it (the {@value #FIELD}
   * array of the written document, or null when it has none), so the relay publishes it without reading it back.
   */
  public static void nudge(Vertx vertx, String service, String collection, Object aggregateId, JsonArray outbox) {
    if (outbox == null || outbox.isEmpty()) {
      return;
    }
    vertx.eventBus().publish(nudgeAddress(service), new JsonObject().put("collection", collection).put("id", aggregateId)
      .put(FIELD, outbox));
  }

  static String nudgeAddress(String service) {
    return "ordermesh.outbox." + service + ".nudge";
  }

  /** A projection that leaves the outbox out of what a service reads for its API. */
  public static JsonObject hidden() {
    return new JsonObject().put(FIELD, 0);
  }

  private static JsonArray entries(List<OutboxEvent> events) {
    JsonArray entries = new JsonArray();
    events.forEach(event -> entries.add(event.toEntry()));
    return entries;
  }
}
