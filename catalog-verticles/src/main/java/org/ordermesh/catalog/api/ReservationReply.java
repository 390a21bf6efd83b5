package org.ordermesh.catalog.api;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * The reply to reserve, release and commit: {@code {v:1, orderId, status}} where status is {@code RESERVED}
 * (with {@code expiresAt}), {@code RELEASED} (with {@code previous}: what the release found, one of
 * {@code NONE, PENDING, RESERVED, REFUSED, RELEASED, EXPIRED}) or {@code COMMITTED}.
 */
public record ReservationReply(String orderId, String status, Instant expiresAt, String previous) {

  public static final String RESERVED = "RESERVED";
  public static final String RELEASED = "RELEASED";
  public static final String COMMITTED = "COMMITTED";

  public static ReservationReply reserved(String orderId, Instant expiresAt) {
    return new ReservationReply(orderId, RESERVED, expiresAt, null);
  }

  public static ReservationReply released(String orderId, String previous) {
    return new ReservationReply(orderId, RELEASED, null, previous);
  }

  public static ReservationReply committed(String orderId) {
    return new ReservationReply(orderId, COMMITTED, null, null);
  }

  public static ReservationReply fromJson(JsonObject json) {
    String expiresAt = json.getString("expiresAt");
    return new ReservationReply(json.getString("orderId"), json.getString("status"),
        expiresAt == null ? null : Instant.parse(expiresAt), json.getString("previous"));
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("v", CatalogAddresses.VERSION).put("orderId", orderId).put("status", status);
    if (expiresAt != null) {
      json.put("expiresAt", expiresAt.toString());
    }
    if (previous != null) {
      json.put("previous", previous);
    }
    return json;
  }
}
