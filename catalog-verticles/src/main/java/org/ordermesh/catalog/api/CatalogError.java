package org.ordermesh.catalog.api;

import java.util.Optional;

/**
 * Why the catalog refused or failed a message: {@code message.fail(status(), name())}. Codes below 500
 * are refusals a caller must not retry; 5xx are failures worth retrying.
 */
public enum CatalogError {
  /** The message is not valid JSON of the documented shape. */
  INVALID_MESSAGE(400),
  /** An inventory command without a service token holding scope {@code catalog.inventory}; nothing changed. */
  FORBIDDEN(403),
  /** A line names a product the catalog has no stock record for; nothing was reserved. */
  UNKNOWN_PRODUCT(404),
  /** commit of an order that never reserved. */
  UNKNOWN_RESERVATION(404),
  /** A line asks for more than is available; nothing was reserved. */
  OUT_OF_STOCK(409),
  /** The sweeper released the reservation after its expiry; commit is too late. */
  RESERVATION_EXPIRED(409),
  /** The reservation was released. */
  ALREADY_RELEASED(409),
  /** reserve (or commit) of an order whose release came first and left a tombstone; nothing is held. */
  ALREADY_COMPENSATED(409),
  /** release of a committed reservation: the stock has left. */
  ALREADY_COMMITTED(409),
  /** commit of a reservation that is still being made or was refused. */
  NOT_RESERVED(409),
  /** The catalog's database is unreachable, or one product's stock too contended; retry later. */
  STORE_UNAVAILABLE(503),
  /** Anything unexpected; logged by the catalog with the trace id. */
  INTERNAL_ERROR(500);

  private final int status;

  CatalogError(int status) {
    this.status = status;
  }

  /** The error a failure's message names ({@code ReplyException.getMessage()}); empty for anything else. */
  public static Optional<CatalogError> fromCode(String code) {
    for (CatalogError error : values()) {
      if (error.name().equals(code)) {
        return Optional.of(error);
      }
    }
    return Optional.empty();
  }

  public int status() {
    return status;
  }

  /** A refusal: the request is wrong or too late, and the same request again gets the same answer. */
  public boolean refusal() {
    return status < 500;
  }

  public CatalogException exception(String detail) {
    return new CatalogException(this, detail);
  }
}
