package org.ordermesh.order.idempotency;

import io.vertx.core.json.JsonObject;

/** The final answer to a request, kept to be sent again for the same key and body. */
public record StoredResponse(int status, String contentType, String body, String location) {

  JsonObject toJson() {
    return new JsonObject().put("status", status).put("contentType", contentType).put("body", body)
      .put("location", location);
  }

  static StoredResponse fromJson(JsonObject json) {
    return new StoredResponse(json.getInteger("status"), json.getString("contentType"), json.getString("body"),
      json.getString("location"));
  }
}
