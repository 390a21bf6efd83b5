package org.ordermesh.platform.outbox;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.ordermesh.platform.trace.TraceContext;
import org.ordermesh.platform.trace.TraceParent;

/**
 * One event an aggregate caused, waiting in its document's outbox until the relay has published it.
 *
 * @param id        the CloudEvent id, unique per event: consumers deduplicate on it
 * @param type      the event type, past tense and versioned, e.g. {@code org.ordermesh.order.OrderConfirmed.v1}
 * @param subject   the aggregate the event is about (its id)
 * @param data      the event's payload
 * @param time      when it happened
 * @param trace     the trace of the request that caused it, continued by whoever consumes it
 * @param requestId the request id of that request, or null
 */
public record OutboxEvent(String id, String type, String subject, JsonObject data, Instant time,
                          TraceParent trace, String requestId) {

  public OutboxEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(trace, "trace");
  }

  /** A new event now, carrying the trace bound to the current context (or a new trace outside any request). */
  public static OutboxEvent of(String type, String subject, JsonObject data) {
    TraceParent trace = TraceContext.current();
    return new OutboxEvent(UUID.randomUUID().toString(), type, subject, data, Instant.now(),
      trace == null ? TraceParent.newRoot() : trace, TraceContext.currentRequestId());
  }

  /** The entry as stored in the aggregate's {@code outbox} array. */
  JsonObject toEntry() {
    return new JsonObject()
      .put("id", id)
      .put("type", type)
      .put("subject", subject)
      .put("time", time.toString())
      .put("data", data)
      .put("traceparent", trace.header())
      .put("requestId", requestId);
  }

  // an entry whose traceparent was damaged in storage still gets published, under a new trace
  static OutboxEvent fromEntry(JsonObject entry) {
    return new OutboxEvent(entry.getString("id"), entry.getString("type"), entry.getString("subject"),
      entry.getJsonObject("data"), Instant.parse(entry.getString("time")),
      TraceParent.parse(entry.getString("traceparent")).orElseGet(TraceParent::newRoot),
      entry.getString("requestId"));
  }
}
