package org.ordermesh.catalog;

import org.ordermesh.platform.http.ApiException;
import org.ordermesh.platform.mongo.MongoErrors;

/** The one mapping from a driver error to what an HTTP client sees; everything else stays a 500. */
public final class StoreErrors {

  private static final long RETRY_AFTER_SECONDS = 5;

  private StoreErrors() {
  }

  public static Throwable toProblem(Throwable failure) {
    if (failure instanceof ApiException) {
      return failure;
    }
    if (MongoErrors.isUnavailable(failure)) {
      return ApiException.unavailable(RETRY_AFTER_SECONDS);
    }
    return failure;
  }
}
