package org.ordermesh.order.saga;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/** One entry of a saga's timeline: a step (or its undoing), how often it was tried, how it ended. */
record StepRecord(String step, String outcome, int attempts, Instant startedAt, Instant endedAt, String detail) {

  StepRecord withOutcome(String ended) {
    return new StepRecord(step, ended, attempts, startedAt, endedAt, detail);
  }

  JsonObject toJson() {
    var json = new JsonObject().put("step", step).put("outcome", outcome).put("attempts", attempts)
      .put("startedAt", startedAt.toString()).put("endedAt", endedAt.toString());
    return detail == null ? json : json.put("detail", detail);
  }
}
