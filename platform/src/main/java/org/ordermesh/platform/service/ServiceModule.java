package org.ordermesh.platform.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * A service a node can run. Each service module registers one through
 * {@code META-INF/services/org.ordermesh.platform.service.ServiceModule}; the launcher deploys those
 * named in {@code ORDERMESH_SERVICES}.
 */
public interface ServiceModule {

  /** The service name used in settings, discovery and logs: {@code auth}, {@code catalog}, ... */
  String name();

  /** Deploys the service's verticles with the node's settings; the future holds the deployment ids. */
  Future<java.util.List<String>> deploy(Vertx vertx, JsonObject config);
}
