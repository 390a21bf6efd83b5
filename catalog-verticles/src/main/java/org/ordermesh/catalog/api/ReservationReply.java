package org.ordermesh.catalog.api;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * The reply to reserve, release and commit: {@code {v:1, orderId, attempt, status}} where status is {@code RESERVED}
 * (with {@code expiresAt}), {@code RELEASED} (with {@code previous}: what the release found, one of
 * {@code NONE, PENDING, RESERVED, REFUSED, RELEASED, EXPIRED}) or {@code COMMITTED}. {@code orderId} and
 * {@code attempt} are the command's: a repeated command gets the first decision, under its own attempt.
 */
public record ReservationReply(String orderId, String status, Instant expiresAt, String previous, int attempt) {

  public static final String RESERVED = "RESERVED";
  public static final String RELEASED = "RELEASED";
  public static final String COMMITTED = "COMMITTED";
  /** {@code previous} of the release that found no reservation and left a tombstone. */
  public static final String NONE = "NONE";

  public static ReservationReply reserved(String orderId, Instant expiresAt, int attempt) {
    return new ReservationReply(orderId, RESERVED, expiresAt, null, attempt);
  }

  public static ReservationReply released(String orderId, String previous, int attempt) {
    return new ReservationReply(orderId, RELEASED, null, previous, attempt);
  }

  public static ReservationReply committed(String orderId, int attempt) {
    return new ReservationReply(orderId, COMMITTED, null, null, attempt);
  }

  /** Reads a reply; one without {@code attempt} (a catalog from before attempts) answered attempt 1. */
  public static ReservationReply fromJson(JsonObject json) {
    String expiresAt = json.getString("expiresAt");
    return new ReservationReply(json.getString(CatalogAddresses.FIELD_ORDER_ID), json.getString(CatalogAddresses.FIELD_STATUS),
        expiresAt == null ? null : Instant.parse(expiresAt), json.getString("previous"),
        json.getInteger(CatalogAddresses.FIELD_ATTEMPT, 1));
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put(CatalogAddresses.FIELD_VERSION, CatalogAddresses.VERSION)
        .put(CatalogAddresses.FIELD_ORDER_ID, orderId)
        .put(CatalogAddresses.FIELD_ATTEMPT, attempt)
        .put(CatalogAddresses.FIELD_STATUS, status);
    if (expiresAt != null) {
      json.put("expiresAt", expiresAt.toString());
    }
    if (previous != null) {
      json.put("previous", previous);
    }
    return json;
  }
}
