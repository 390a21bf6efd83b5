package org.ordermesh.platform.discovery;

import io.vertx.core.Future;
import io.vertx.core.net.SocketAddress;

import java.util.List;

/**
 * Where services announce themselves and find each other. The one seam over vertx-service-discovery,
 * which Vert.x 6 replaces with vertx-service-resolver.
 */
public interface ServiceRegistry {

  /** Publishes an HTTP endpoint; {@code host} must be reachable from other nodes, never {@code localhost}. */
  Future<Registration> publishHttp(String name, String host, int port);

  /** Publishes an event bus address that answers requests. */
  Future<Registration> publishEventBus(String name, String address);

  Future<Void> unpublish(Registration registration);

  /** One of the published HTTP endpoints of {@code name}; fails with {@link PeerNotFoundException} if none. */
  Future<SocketAddress> lookupHttp(String name);

  /** The published event bus address of {@code name}; fails with {@link PeerNotFoundException} if none. */
  Future<String> lookupEventBus(String name);

  /**
   * Withdraws every record published by the cluster member {@code clusterNodeId}: a member that died
   * (kill -9, a lost pod) never withdrew its own, and callers would keep picking a dead instance.
   */
  Future<Void> withdrawMember(String clusterNodeId);

  /** Whether any instance of {@code name} is published right now. */
  Future<Boolean> isPublished(String name);

  /** Every record published right now, anywhere in the cluster: what the operator's console lists. */
  Future<List<Published>> published();

  Future<Void> close();

  record Registration(String id, String name) {
  }

  /**
   * One published record: {@code type} {@code http-endpoint} or {@code message-source}, {@code location} its
   * {@code host:port} or event bus address, {@code clusterMember} null on a standalone node.
   */
  record Published(String name, String type, String node, String clusterMember, String location) {
  }
}
