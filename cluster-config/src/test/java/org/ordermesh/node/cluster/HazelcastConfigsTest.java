package org.ordermesh.node.cluster;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.node.NodeSettings;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("the Hazelcast configuration of a node")
class HazelcastConfigsTest {

  @Test
  @DisplayName("joins the listed TCP members and advertises the public host")
  void tcpMembers() {
    var config = HazelcastConfigs.forNode(NodeSettings.from(new JsonObject()
      .put("ORDERMESH_CLUSTER_MEMBERS", "10.0.0.5,10.0.0.6").put("ORDERMESH_PUBLIC_HOST", "10.0.0.5")));
    var join = config.getNetworkConfig().getJoin();

    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers()).containsExactly("10.0.0.5", "10.0.0.6");
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getKubernetesConfig().isEnabled()).isFalse();
    assertThat(config.getNetworkConfig().getPublicAddress()).isEqualTo("10.0.0.5");
  }

  @Test
  @DisplayName("binds the public host's address only, resolving a name to its address")
  void bindsThePublicAddressOnly() {
    var config = HazelcastConfigs.forNode(NodeSettings.from(new JsonObject().put("ORDERMESH_PUBLIC_HOST", "localhost")));

    assertThat(config.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
    assertThat(config.getNetworkConfig().getInterfaces().isEnabled()).isTrue();
    assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
  }

  @Test
  @DisplayName("on Kubernetes finds members through the headless Service's DNS name, with no API access")
  void kubernetesDns() {
    var config = HazelcastConfigs.forNode(NodeSettings.from(new JsonObject()
      .put("ORDERMESH_CLUSTER_KUBERNETES_DNS", "ordermesh-hazelcast.ordermesh.svc.cluster.local")
      .put("ORDERMESH_PUBLIC_HOST", "10.1.2.3")));
    var join = config.getNetworkConfig().getJoin();

    assertThat(join.getKubernetesConfig().isEnabled()).isTrue();
    assertThat(join.getKubernetesConfig().getProperty("service-dns"))
      .isEqualTo("ordermesh-hazelcast.ordermesh.svc.cluster.local");
    assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
    assertThat(config.getNetworkConfig().getPublicAddress()).isEqualTo("10.1.2.3");
  }

  @Test
  @DisplayName("keeps the maps and multimaps Vert.x needs")
  void keepsVertxStructures() {
    var config = HazelcastConfigs.forNode(NodeSettings.from(new JsonObject()));

    assertThat(config.getMultiMapConfigs()).containsKey("__vertx.subs");
    assertThat(config.getMapConfigs()).containsKey("__vertx.haInfo");
  }
}
