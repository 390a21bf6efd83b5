package org.ordermesh.catalog.api;

/**
 * The catalog's event bus addresses, each also its service-discovery name, and their actions. Every
 * message is a JSON object with {@code "v": 1} and an {@code action}.
 */
public final class CatalogAddresses {

  /** Stock reservations: {@code reserve}, {@code release}, {@code commit}. */
  public static final String INVENTORY = "catalog.inventory";
  /** Product snapshots: {@code get}. */
  public static final String PRODUCTS = "catalog.products";

  public static final String RESERVE = "reserve";
  public static final String RELEASE = "release";
  public static final String COMMIT = "commit";
  public static final String GET = "get";

  /** The message version this catalog speaks. */
  public static final int VERSION = 1;

  private CatalogAddresses() {
  }
}
