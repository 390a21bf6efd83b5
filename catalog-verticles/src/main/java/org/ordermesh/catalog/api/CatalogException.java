package org.ordermesh.catalog.api;

/** A refusal or failure of a catalog message, carrying its {@link CatalogError}. */
public final class CatalogException extends RuntimeException {

  private final CatalogError error;

  public CatalogException(CatalogError error, String detail) {
    // no stack trace: refusals are expected outcomes on the hot path
    super(detail, null, false, false);
    this.error = error;
  }

  public CatalogError error() {
    return error;
  }
}
