package org.ordermesh.node.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.vertx.core.Vertx;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.ordermesh.platform.discovery.ServiceRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Withdraws the discovery records of a cluster member that left without withdrawing them itself
 * (killed, its pod lost): otherwise the gateway and peer clients would keep picking a dead instance.
 * Every member does it; withdrawing a record twice is harmless.
 */
public final class DepartedMembers implements MembershipListener {

  private static final Logger log = LoggerFactory.getLogger(DepartedMembers.class);

  private final Vertx vertx;
  private final ServiceRegistry registry;

  private DepartedMembers(Vertx vertx, ServiceRegistry registry) {
    this.vertx = vertx;
    this.registry = registry;
  }

  public static void watch(Vertx vertx, HazelcastClusterManager clusterManager, ServiceRegistry registry) {
    clusterManager.getHazelcastInstance().getCluster().addMembershipListener(new DepartedMembers(vertx, registry));
  }

  @Override
  public void memberAdded(MembershipEvent event) {
  }

  @Override
  public void memberRemoved(MembershipEvent event) {
    var member = event.getMember().getUuid().toString();
    vertx.runOnContext(v -> registry.withdrawMember(member)
      .onSuccess(done -> log.info("withdrew the discovery records of departed member {}", member))
      .onFailure(error -> log.warn("could not withdraw the records of departed member {}: {}", member, error.getMessage())));
  }
}
