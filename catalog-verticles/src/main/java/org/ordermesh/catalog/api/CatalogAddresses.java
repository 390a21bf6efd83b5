package org.ordermesh.catalog.api;

/**
 * The catalog's event bus addresses, each also its service-discovery name, their actions and the field names of
 * their messages. Every message is a JSON object with {@code "v": 1} and an {@code action}; the records of this
 * package build and read them, so a peer needs nothing else of the catalog.
 */
public final class CatalogAddresses {

  /** Stock reservations: {@code reserve}, {@code release}, {@code commit}. */
  public static final String INVENTORY = "catalog.inventory";
  /** The scope a service token needs for every {@link #INVENTORY} command (header {@code authorization: Bearer <token>}). */
  public static final String SCOPE = "catalog.inventory";
  /** Product snapshots: {@code get}. */
  public static final String PRODUCTS = "catalog.products";

  public static final String RESERVE = "reserve";
  public static final String RELEASE = "release";
  public static final String COMMIT = "commit";
  public static final String GET = "get";

  /** The message version this catalog speaks. */
  public static final int VERSION = 1;

  /** Field names of the messages on {@code catalog.inventory}. */
  public static final String FIELD_VERSION = "v";
  public static final String FIELD_ACTION = "action";
  public static final String FIELD_ORDER_ID = "orderId";
  /** The sender's attempt of the step, an integer from 1; absent means 1; echoed by every reply. */
  public static final String FIELD_ATTEMPT = "attempt";
  public static final String FIELD_ITEMS = "items";
  public static final String FIELD_STATUS = "status";

  private CatalogAddresses() {
  }
}
