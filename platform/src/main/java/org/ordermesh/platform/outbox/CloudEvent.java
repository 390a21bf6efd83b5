package org.ordermesh.platform.outbox;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A CloudEvents 1.0 event in structured JSON mode, as ordermesh writes it to Kafka: every attribute
 * and the {@code data} in one JSON object, so any language's CloudEvents or Kafka library reads it.
 * {@code traceparent} is the CloudEvents distributed-tracing extension.
 */
public record CloudEvent(String id, String type, String source, String subject, Instant time,
                         String traceparent, JsonObject data) {

  public static final String SPEC_VERSION = "1.0";
  public static final String JSON = "application/json";
  /** The Kafka {@code content-type} header of a structured-mode CloudEvent. */
  public static final String STRUCTURED_CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";

  static CloudEvent of(OutboxEvent event, String source) {
    return new CloudEvent(event.id(), event.type(), source, event.subject(), event.time(),
      event.trace().header(), event.data());
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("specversion", SPEC_VERSION)
      .put("id", id)
      .put("type", type)
      .put("source", source)
      .put("subject", subject)
      .put("time", time.toString())
      .put("datacontenttype", JSON)
      .put("traceparent", traceparent)
      .put("data", data);
  }

  /** Reads a structured CloudEvent; throws {@link IllegalArgumentException} when it is not one. */
  public static CloudEvent parse(String json) {
    JsonObject envelope;
    try {
      envelope = new JsonObject(json);
    } catch (DecodeException | ClassCastException | NullPointerException e) {
      throw new IllegalArgumentException("not a JSON object", e);
    }
    if (!SPEC_VERSION.equals(envelope.getValue("specversion"))) {
      throw new IllegalArgumentException("specversion is not " + SPEC_VERSION);
    }
    return new CloudEvent(required(envelope, "id"), required(envelope, "type"), required(envelope, "source"),
      envelope.getString("subject"), time(envelope.getString("time")), envelope.getString("traceparent"),
      data(envelope.getValue("data")));
  }

  private static String required(JsonObject envelope, String attribute) {
    if (!(envelope.getValue(attribute) instanceof String value) || value.isEmpty()) {
      throw new IllegalArgumentException("'" + attribute + "' is missing");
    }
    return value;
  }

  private static Instant time(String value) {
    try {
      return value == null ? null : Instant.parse(value);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("'time' is not an RFC 3339 timestamp", e);
    }
  }

  private static JsonObject data(Object value) {
    if (value != null && !(value instanceof JsonObject)) {
      throw new IllegalArgumentException("'data' is not a JSON object");
    }
    return (JsonObject) value;
  }
}
