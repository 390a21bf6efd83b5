package org.ordermesh.node.cluster;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ordermesh.embedded.SharedInfra;
import org.ordermesh.node.Node;
import org.ordermesh.node.NodeSettings;
import org.ordermesh.platform.node.NodeRuntime;
import org.ordermesh.platform.testing.Await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("two clustered nodes on one machine")
class ClusteringTest {

  /** Where the cluster's development CA and a stranger's are made, once for the class. */
  @TempDir
  static Path certificates;

  private final List<Node> nodes = new ArrayList<>();

  @AfterEach
  void stopNodes() throws Exception {
    for (var node : nodes) {
      node.stop().await(20, TimeUnit.SECONDS);
    }
  }

  private Node startNode(String id) throws Exception {
    return startNode(id, ClusterTls.developmentCa(certificates.resolve("cluster")));
  }

  private Node startNode(String id, ClusterTls tls) throws Exception {
    var settings = NodeSettings.from(new JsonObject()
      .put("ORDERMESH_NODE_ID", id)
      .put("ORDERMESH_SERVICES", "")
      .put("ORDERMESH_GATEWAY", false)
      .put("ORDERMESH_CLUSTER", true)
      .put("ORDERMESH_CLUSTER_MEMBERS", "127.0.0.1")
      .put("ORDERMESH_CLUSTER_PORT", 15701)
      .put("ORDERMESH_PUBLIC_HOST", "127.0.0.1")
      .put("ORDERMESH_CURSOR_SECRET", "the-cursor-secret-every-test-node-shares")
      .put("MONGO_URI", SharedInfra.mongoConnectionString())
      .put("KAFKA_BOOTSTRAP", SharedInfra.kafkaBootstrapServers())
      .put(ClusterTls.CERT, tls.cert().toString())
      .put(ClusterTls.KEY, tls.key().toString())
      .put(ClusterTls.CA, tls.ca().toString()));
    var node = Node.start(settings).await(90, TimeUnit.SECONDS);
    nodes.add(node);
    return node;
  }

  @Test
  @DisplayName("with certificates from one CA share one event bus over mutual TLS, and one service registry")
  void shareEventBusAndDiscovery() throws Exception {
    var first = startNode("node-a");
    var second = startNode("node-b");

    first.vertx().eventBus().<JsonObject>consumer("test.whoami",
        message -> message.reply(new JsonObject().put("v", 1).put("node", "node-a")))
      .completion().await(10, TimeUnit.SECONDS);
    NodeRuntime.of(first.vertx()).registry().publishEventBus("whoami", "test.whoami").await(10, TimeUnit.SECONDS);

    var address = NodeRuntime.of(second.vertx()).registry().lookupEventBus("whoami").await(10, TimeUnit.SECONDS);
    var reply = second.vertx().eventBus().<JsonObject>request(address, new JsonObject().put("v", 1))
      .await(10, TimeUnit.SECONDS);

    assertThat(reply.body().getString("node")).isEqualTo("node-a");
  }

  @Test
  @DisplayName("deliver nothing from a member whose bus certificate comes from another CA")
  void refuseAStrangersCertificate() throws Exception {
    var first = startNode("node-f");
    var received = new AtomicInteger();
    first.vertx().eventBus().<JsonObject>consumer("test.guarded", message -> {
        received.incrementAndGet();
        message.reply(new JsonObject().put("v", 1));
      })
      .completion().await(10, TimeUnit.SECONDS);
    // joins Hazelcast, so it sees the consumer, but shows a certificate the first node does not accept
    var stranger = startNode("node-g", ClusterTls.developmentCa(certificates.resolve("stranger")));

    var request = stranger.vertx().eventBus().<JsonObject>request("test.guarded", new JsonObject().put("v", 1),
      new DeliveryOptions().setSendTimeout(10_000));

    assertThatThrownBy(() -> request.await(60, TimeUnit.SECONDS)).isInstanceOf(ReplyException.class);
    assertThat(received).hasValue(0);
  }

  @Test
  @DisplayName("each report ready while a member of the cluster, and not ready once its membership is lost")
  void readinessFollowsMembership() throws Exception {
    var before = new HashSet<>(Hazelcast.getAllHazelcastInstances());
    var node = startNode("node-c");
    HazelcastInstance member = Hazelcast.getAllHazelcastInstances().stream()
      .filter(instance -> !before.contains(instance)).findFirst().orElseThrow();
    var clusterCheck = HealthChecks.create(node.vertx())
      .register("cluster", NodeRuntime.of(node.vertx()).readinessChecks().get("cluster"));

    assertThat(isUp(clusterCheck)).isTrue();

    member.getLifecycleService().terminate();

    Await.until(Duration.ofSeconds(20), () -> !isUp(clusterCheck));
  }

  @Test
  @DisplayName("withdraw the discovery records of a member that died without withdrawing them")
  void withdrawDeadMembersRecords() throws Exception {
    var before = new HashSet<>(Hazelcast.getAllHazelcastInstances());
    var doomed = startNode("node-d");
    HazelcastInstance doomedMember = Hazelcast.getAllHazelcastInstances().stream()
      .filter(instance -> !before.contains(instance)).findFirst().orElseThrow();
    var survivor = startNode("node-e");
    NodeRuntime.of(doomed.vertx()).registry().publishHttp("ghost", "127.0.0.1", 9).await(10, TimeUnit.SECONDS);
    var registry = NodeRuntime.of(survivor.vertx()).registry();
    assertThat(registry.isPublished("ghost").await(10, TimeUnit.SECONDS)).isTrue();

    // a crash: the member is gone at once, its own records still in the cluster's map
    doomedMember.getLifecycleService().terminate();

    Await.until(Duration.ofSeconds(30), () -> !isPublished(registry, "ghost"));
  }

  private static boolean isPublished(org.ordermesh.platform.discovery.ServiceRegistry registry, String name) {
    try {
      return registry.isPublished(name).await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean isUp(HealthChecks checks) {
    try {
      return checks.checkStatus().await(10, TimeUnit.SECONDS).getUp();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

}
