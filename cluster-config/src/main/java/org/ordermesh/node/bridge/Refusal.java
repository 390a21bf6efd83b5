package org.ordermesh.node.bridge;

/**
 * Why the bridge refused a frame, as the error frame's {@code code} (and {@code failureType}) says;
 * {@code failureCode} is the nearest HTTP status, so a client can treat both transports alike.
 */
public enum Refusal {
  /** the frame carried no {@code headers.authorization: "Bearer <token>"} */
  AUTH_REQUIRED(401),
  /** the token is forged, expired, for another issuer or audience, or names another caller than the connection's */
  INVALID_TOKEN(401),
  /** the connection's token expired: its registrations were dropped, nothing more is delivered */
  TOKEN_EXPIRED(401),
  /** the caller's roles or scopes do not allow this frame type on this address */
  FORBIDDEN(403),
  /** the frame is not a JSON object */
  NOT_JSON(400),
  /** the frame lacks a type or an address, or has an unknown type */
  BAD_FRAME(400),
  /** the frame's declared length is over 64 KiB; the connection is closed */
  FRAME_TOO_LARGE(413),
  /** the connection already holds the maximum number of registrations */
  TOO_MANY_REGISTRATIONS(429),
  /** the connection already listens on this address */
  ALREADY_REGISTERED(409),
  /** the connection sends faster than its rate allows */
  RATE_LIMITED(429),
  /** the connection does not read what it is sent; it is closed */
  SLOW_READER(503),
  /** the signing keys cannot be fetched right now */
  UNAVAILABLE(503);

  private final int failureCode;

  Refusal(int failureCode) {
    this.failureCode = failureCode;
  }

  public int failureCode() {
    return failureCode;
  }
}
