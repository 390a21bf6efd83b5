package org.ordermesh.node.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import org.ordermesh.node.NodeSettings;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Hazelcast configuration for the node. It starts from the one vertx-hazelcast ships (which holds the
 * maps and multimaps Vert.x needs) and sets how members find each other: a TCP member list on a
 * workstation or in compose, or Kubernetes DNS discovery on a headless Service (no RBAC needed), bound to
 * the node's public address only.
 */
public final class HazelcastConfigs {

  private HazelcastConfigs() {
  }

  public static Config forNode(NodeSettings settings) {
    var config = ConfigUtil.loadConfig();
    config.setClusterName("ordermesh");
    config.setProperty("hazelcast.logging.type", "slf4j");
    // a node that is told to stop leaves at once rather than after Hazelcast's own grace period
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    var network = config.getNetworkConfig();
    network.setPort(settings.clusterPort()).setPortAutoIncrement(true);
    network.setPublicAddress(settings.publicHost());
    // the member listens on the pod's own address only, not on every interface the host has
    config.setProperty("hazelcast.socket.bind.any", "false");
    network.getInterfaces().setEnabled(true).addInterface(addressOf(settings.publicHost()));
    var join = network.getJoin();
    disableAll(join);
    if (settings.clusterKubernetesDns() != null) {
      join.getKubernetesConfig().setEnabled(true)
        .setProperty("service-dns", settings.clusterKubernetesDns())
        .setProperty("service-port", String.valueOf(settings.clusterPort()));
    } else {
      var tcp = join.getTcpIpConfig().setEnabled(true);
      var members = settings.clusterMembers().isEmpty() ? java.util.List.of(settings.publicHost()) : settings.clusterMembers();
      members.forEach(tcp::addMember);
    }
    return config;
  }

  /** Hazelcast matches interfaces by address; compose names a node by its service name. Resolved once, at start. */
  private static String addressOf(String host) {
    try {
      return InetAddress.getByName(host).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalStateException("ORDERMESH_PUBLIC_HOST " + host + " does not resolve to an address", e);
    }
  }

  private static void disableAll(JoinConfig join) {
    join.getMulticastConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(false);
    join.getKubernetesConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
  }
}
