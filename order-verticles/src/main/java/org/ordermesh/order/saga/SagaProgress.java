package org.ordermesh.order.saga;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ordermesh.order.api.CancelReason;
import org.ordermesh.order.order.OrderUpdate;
import org.ordermesh.platform.mongo.MongoDates;

import java.time.Instant;
import java.util.List;

/**
 * Where a saga stands, kept in its order's document under {@code saga}: the name of the next step to
 * run (or to undo, when compensating; null when none is left in that direction), why it compensates,
 * its deadline for reaching the pivot, the step an operator asked to retry, and the timeline of every
 * step run so far. Steps are named, not numbered, so a step added to the table does not shift the
 * sagas in flight.
 *
 * @param next         the next step's name, or null past the end (forward) or once all is undone (backward)
 * @param compensating whether the saga is undoing its steps
 * @param reason       why it compensates
 * @param deadline     the time by which it must reach the pivot
 * @param done         whether it ended
 * @param retry        the flagged step an operator asked to run again, or null
 * @param timeline     the steps run so far
 */
public record SagaProgress(String next, boolean compensating, CancelReason reason, Instant deadline, boolean done,
                           String retry, JsonArray timeline) {

  // how the step table was numbered when progress was stored by index: read, never written
  private static final List<String> INDEXED = List.of("reserve-stock", "authorize-payment", "confirm-order",
    "commit-stock", "capture-payment");

  public static JsonObject start(String first, Instant deadline) {
    return new JsonObject().put("next", first).put("direction", "FORWARD").put("deadline", MongoDates.of(deadline))
      .put("done", false).put("steps", new JsonArray());
  }

  public static SagaProgress of(JsonObject saga) {
    var reason = saga.getString("reason");
    return new SagaProgress(nextName(saga.getValue("next")), "BACKWARD".equals(saga.getString("direction")),
      reason == null ? null : CancelReason.valueOf(reason), MongoDates.toInstant(saga.getValue("deadline")),
      saga.getBoolean("done", false), saga.getString("retry"), saga.getJsonArray("steps", new JsonArray()));
  }

  // stored by an ordermesh that numbered the steps: -1 (all undone) and the end map to null
  private static String nextName(Object stored) {
    if (stored instanceof Number index) {
      var i = index.intValue();
      return i >= 0 && i < INDEXED.size() ? INDEXED.get(i) : null;
    }
    return (String) stored;
  }

  public boolean pastPivot(SagaTable table) {
    return !compensating && (next == null || table.pastPivot(next));
  }

  /** How many attempts of {@code step} the timeline records: the next one is numbered after them. */
  int attemptsOf(String step) {
    var attempts = 0;
    for (var i = 0; i < timeline.size(); i++) {
      var entry = timeline.getJsonObject(i);
      if (step.equals(entry.getString("step"))) {
        attempts += entry.getInteger("attempts", 1);
      }
    }
    return attempts;
  }

  /** The step ran (or was undone) as recorded; the next one in the current direction follows. */
  OrderUpdate stepped(StepRecord record, String following) {
    return new OrderUpdate().set("saga.next", following).push("saga.steps", record.toJson());
  }

  /** Turn back: {@code from} is the first step to undo (null: none). */
  OrderUpdate compensateFrom(String from, CancelReason why, StepRecord record) {
    var update = new OrderUpdate()
      .set("saga.direction", "BACKWARD")
      .set("saga.next", from)
      .set("saga.reason", why.name());
    return record == null ? update : update.push("saga.steps", record.toJson());
  }

  /** An operator's retry of a flagged step ended (done or refused again): the retry request is cleared. */
  OrderUpdate retried(StepRecord record) {
    return new OrderUpdate().set("saga.retry", null).push("saga.steps", record.toJson());
  }

  /** {@code step} recorded without moving {@code next}: the saga goes on where it was. */
  OrderUpdate recorded(StepRecord record) {
    return new OrderUpdate().push("saga.steps", record.toJson());
  }

  OrderUpdate finished() {
    return new OrderUpdate().set("saga.done", true);
  }
}
