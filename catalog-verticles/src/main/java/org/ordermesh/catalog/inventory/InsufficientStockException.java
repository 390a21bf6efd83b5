package org.ordermesh.catalog.inventory;

/** An adjustment would take available stock below zero. */
final class InsufficientStockException extends RuntimeException {

  InsufficientStockException(String productId, long available) {
    super(productId + " has only " + available + " available", null, false, false);
  }
}
