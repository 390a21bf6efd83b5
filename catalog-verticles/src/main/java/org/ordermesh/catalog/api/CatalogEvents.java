package org.ordermesh.catalog.api;

/**
 * The catalog's domain events, as other services read them. Every event's {@code data} carries the
 * {@code productId}; money is in minor units. docs/events.md has the rest of each event's data and examples.
 */
public final class CatalogEvents {

  /** Keyed by product id, for product and stock events alike, so one product's events stay in order. */
  public static final String TOPIC = "catalog.events.v1";
  public static final String SOURCE = "/ordermesh/catalog";

  /** A product was created: {productId, product}. */
  public static final String PRODUCT_CREATED = "org.ordermesh.catalog.ProductCreated.v1";
  /** An admin replaced a product: {productId, product (as it is now), changed (field names)}. */
  public static final String PRODUCT_CHANGED = "org.ordermesh.catalog.ProductChanged.v1";
  /** A product was withdrawn from sale: {productId, version, deletedAt}. */
  public static final String PRODUCT_DELETED = "org.ordermesh.catalog.ProductDeleted.v1";
  /** A stock move brought {@code available} from above the threshold to or under it: {productId, available, reserved, threshold}. */
  public static final String STOCK_LOW = "org.ordermesh.catalog.StockLow.v1";

  private CatalogEvents() {
  }
}
