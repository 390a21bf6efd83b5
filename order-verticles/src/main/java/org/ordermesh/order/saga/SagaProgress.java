package org.ordermesh.order.saga;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ordermesh.order.api.CancelReason;
import org.ordermesh.platform.mongo.MongoDates;
import org.ordermesh.order.order.OrderUpdate;

import java.time.Instant;

/**
 * Where a saga stands, kept in its order's document under {@code saga}: the next step of the table
 * to run (or to undo, when compensating), why it compensates, its deadline for reaching the pivot, and
 * the timeline of every step run so far.
 */
public record SagaProgress(int next, boolean compensating, CancelReason reason, Instant deadline, boolean done) {

  public static JsonObject start(Instant deadline) {
    return new JsonObject().put("next", 0).put("direction", "FORWARD").put("deadline", MongoDates.of(deadline))
      .put("done", false).put("steps", new JsonArray());
  }

  public static SagaProgress of(JsonObject saga) {
    var reason = saga.getString("reason");
    return new SagaProgress(saga.getInteger("next"), "BACKWARD".equals(saga.getString("direction")),
      reason == null ? null : CancelReason.valueOf(reason), MongoDates.toInstant(saga.getValue("deadline")),
      saga.getBoolean("done", false));
  }

  public boolean pastPivot() {
    return !compensating && next > CreateOrderSaga.PIVOT;
  }

  /** The step ran (or was undone) as recorded; go on to the next one in the current direction. */
  OrderUpdate stepped(StepRecord record) {
    return new OrderUpdate()
      .set("saga.next", compensating ? next - 1 : next + 1)
      .push("saga.steps", record.toJson());
  }

  /** The step before the pivot ran, and the pivot follows at once, in the same write. */
  OrderUpdate steppedThroughPivot(StepRecord record, StepRecord pivot) {
    return new OrderUpdate()
      .set("saga.next", CreateOrderSaga.PIVOT + 1)
      .push("saga.steps", record.toJson())
      .push("saga.steps", pivot.toJson());
  }

  /** Undo, in reverse, every step before {@code from} (and {@code from} itself when {@code inclusive}). */
  OrderUpdate compensateFrom(int from, boolean inclusive, CancelReason why, StepRecord record) {
    var update = new OrderUpdate()
      .set("saga.direction", "BACKWARD")
      .set("saga.next", inclusive ? from : from - 1)
      .set("saga.reason", why.name());
    return record == null ? update : update.push("saga.steps", record.toJson());
  }

  OrderUpdate finished() {
    return new OrderUpdate().set("saga.done", true);
  }
}
