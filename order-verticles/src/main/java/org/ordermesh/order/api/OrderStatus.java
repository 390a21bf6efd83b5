package org.ordermesh.order.api;

/** What a client sees of an order's progress. */
public enum OrderStatus {
  PENDING, CONFIRMED, CANCELLED;

  public boolean isFinal() {
    return this != PENDING;
  }
}
