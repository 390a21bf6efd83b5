package org.ordermesh.platform.service;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

import java.util.function.Function;

/**
 * A service running in this node's process, as the node's gateway sees it: {@code routes} builds the
 * service's API router on the calling context, so the gateway runs a request for the service on its own
 * event loop instead of a second HTTP hop over loopback. Whatever such routers share with the service's
 * own must be safe to use from several event loops. Compared by identity: a redeployed service is a new one.
 */
public final class LocalService {

  private final String name;
  private final Function<Vertx, Router> routes;

  public LocalService(String name, Function<Vertx, Router> routes) {
    this.name = name;
    this.routes = routes;
  }

  public String name() {
    return name;
  }

  /** A new router of the service's API (no health routes), bound to the caller's context. */
  public Router router(Vertx vertx) {
    return routes.apply(vertx);
  }
}
