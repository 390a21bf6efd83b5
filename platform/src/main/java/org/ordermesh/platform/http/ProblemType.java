package org.ordermesh.platform.http;

import java.util.Arrays;

/** The problem types every service answers with; the URI is {@code https://ordermesh.dev/problems/<slug>}. */
public enum ProblemType {
  BAD_REQUEST(400, "bad-request", "Bad Request"),
  INVALID_REQUEST(400, "invalid-request", "Invalid Request"),
  MALFORMED_JSON(400, "malformed-json", "Malformed JSON"),
  UNAUTHORIZED(401, "unauthorized", "Unauthorized"),
  FORBIDDEN(403, "forbidden", "Forbidden"),
  NOT_FOUND(404, "not-found", "Not Found"),
  METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method Not Allowed"),
  CONFLICT(409, "conflict", "Conflict"),
  PRECONDITION_FAILED(412, "precondition-failed", "Precondition Failed"),
  PAYLOAD_TOO_LARGE(413, "payload-too-large", "Payload Too Large"),
  UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported Media Type"),
  UNPROCESSABLE(422, "unprocessable-content", "Unprocessable Content"),
  PRECONDITION_REQUIRED(428, "precondition-required", "Precondition Required"),
  TOO_MANY_REQUESTS(429, "too-many-requests", "Too Many Requests"),
  INTERNAL_ERROR(500, "internal-error", "Internal Server Error"),
  BAD_GATEWAY(502, "bad-gateway", "Bad Gateway"),
  UNAVAILABLE(503, "service-unavailable", "Service Unavailable");

  public static final String BASE_URI = "https://ordermesh.dev/problems/";

  private final int status;
  private final String slug;
  private final String title;

  ProblemType(int status, String slug, String title) {
    this.status = status;
    this.slug = slug;
    this.title = title;
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public String uri() {
    return BASE_URI + slug;
  }

  /** The general type for a status (the first declared), or null for a status no type covers. */
  public static ProblemType forStatus(int status) {
    return Arrays.stream(values()).filter(t -> t.status == status).findFirst().orElse(null);
  }
}
