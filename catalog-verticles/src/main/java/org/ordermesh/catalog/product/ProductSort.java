package org.ordermesh.catalog.product;

/** The orders a product list comes in ({@code sort=price|price_desc|name|newest}); ties break on {@code _id}. */
public enum ProductSort {
  PRICE("priceMinor", true),
  PRICE_DESC("priceMinor", false),
  NAME("nameKey", true),
  NEWEST("createdAt", false);

  private final String field;
  private final boolean ascending;

  ProductSort(String field, boolean ascending) {
    this.field = field;
    this.ascending = ascending;
  }

  public String field() {
    return field;
  }

  public boolean ascending() {
    return ascending;
  }
}
