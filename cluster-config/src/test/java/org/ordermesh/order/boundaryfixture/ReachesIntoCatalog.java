package org.ordermesh.order.boundaryfixture;

import org.ordermesh.catalog.inventory.Reservation;

/** Breaks the boundary on purpose, for ServiceBoundariesTest to show its rule fails it. */
public final class ReachesIntoCatalog {

  public Class<?> internal() {
    return Reservation.class;
  }
}
