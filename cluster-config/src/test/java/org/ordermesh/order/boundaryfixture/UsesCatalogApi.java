package org.ordermesh.order.boundaryfixture;

import org.ordermesh.catalog.api.CatalogAddresses;

/** Keeps the boundary, for ServiceBoundariesTest to show its rule passes it. */
public final class UsesCatalogApi {

  public String address() {
    return CatalogAddresses.INVENTORY;
  }
}
