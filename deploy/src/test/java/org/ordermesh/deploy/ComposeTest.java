package org.ordermesh.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordermesh.deploy.Yaml.asMap;
import static org.ordermesh.deploy.Yaml.list;
import static org.ordermesh.deploy.Yaml.map;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The docker-compose file")
class ComposeTest {

  private final Map<String, Object> services = map(Yaml.read(Path.of("docker-compose.yml")), "services");

  @Test
  @DisplayName("runs every node from the one image, each with its own role")
  void oneContainerPerNode() {
    for (String node : NodeSettings.NODES) {
      var settings = settingsOf(node);

      assertThat(service(node)).containsEntry("image", "ordermesh/node:0.1.0");
      assertThat(settings.get("ORDERMESH_SERVICES")).as(node).isEqualTo(node.equals("gateway") ? "" : node);
      assertThat(settings.flag("ORDERMESH_GATEWAY")).as(node).isEqualTo(node.equals("gateway"));
    }
  }

  @Test
  @DisplayName("clusters every node with every other on fixed Hazelcast and event bus ports")
  void clustered() {
    for (String node : NodeSettings.NODES) {
      var settings = settingsOf(node);

      assertThat(settings.flag("ORDERMESH_CLUSTER")).as(node).isTrue();
      assertThat(settings.get("ORDERMESH_CLUSTER_MEMBERS").split(",")).containsExactlyInAnyOrderElementsOf(NodeSettings.NODES);
      assertThat(settings.get("ORDERMESH_PUBLIC_HOST")).as("peers reach " + node + " by its name").isEqualTo(node);
      assertThat(settings.integer("ORDERMESH_EVENTBUS_PORT")).as("a random port").isPositive();
    }
  }

  @Test
  @DisplayName("checks each node's readiness on the port its settings give it")
  void healthchecks() {
    for (String node : NodeSettings.NODES) {
      var url = "http://127.0.0.1:" + settingsOf(node).portOf(node) + "/health/ready";

      assertThat(list(map(service(node), "healthcheck"), "test")).as(node).containsSequence("CMD", "curl").contains(url);
    }
  }

  @Test
  @DisplayName("sets only settings the node reads")
  void knownSettings() {
    for (String node : NodeSettings.NODES) {
      assertThat(map(service(node), "environment").keySet()).as(node).allMatch(NodeSettings::isSetting);
    }
  }

  @Test
  @DisplayName("publishes only the gateway's port among the nodes")
  void onlyTheGatewayIsPublished() {
    assertThat(list(service("gateway"), "ports")).containsExactly(
        settingsOf("gateway").portOf("gateway") + ":" + settingsOf("gateway").portOf("gateway"));
    NodeSettings.SERVICES.forEach(node -> assertThat(service(node)).as(node).doesNotContainKey("ports"));
  }

  @Test
  @DisplayName("gives a node longer to stop than its drain")
  void stopGracePeriod() {
    for (String node : NodeSettings.NODES) {
      var grace = Duration.parse("PT" + service(node).get("stop_grace_period").toString().toUpperCase());

      assertThat(grace.toSeconds()).as(node).isGreaterThan(settingsOf(node).integer("ORDERMESH_DRAIN_SECONDS"));
    }
  }

  @Test
  @DisplayName("gives every node the cluster bus's certificate, key and CA from compose secrets, as the settings' paths")
  void clusterTlsFromSecrets() {
    var secrets = map(Yaml.read(Path.of("docker-compose.yml")), "secrets");
    var files = Map.of("ORDERMESH_CLUSTER_TLS_CERT", "cluster-tls-cert", "ORDERMESH_CLUSTER_TLS_KEY", "cluster-tls-key",
        "ORDERMESH_CLUSTER_TLS_CA", "cluster-tls-ca");
    for (String node : NodeSettings.NODES) {
      var settings = settingsOf(node);

      assertThat(list(service(node), "secrets")).as(node).containsExactlyInAnyOrderElementsOf(files.values());
      files.forEach((setting, secret) -> {
        assertThat(settings.get(setting)).as(node + " " + setting).isEqualTo("/run/secrets/" + secret);
        assertThat(map(secrets, secret).get("file").toString()).startsWith("./cluster-tls/");
      });
    }
  }

  @Test
  @DisplayName("starts the nodes once MongoDB and Kafka report healthy")
  void dependsOnHealthyInfrastructure() {
    for (String node : NodeSettings.NODES) {
      var dependsOn = map(service(node), "depends_on");

      assertThat(List.of("mongo", "kafka")).allSatisfy(infra ->
          assertThat(map(dependsOn, infra)).as(node + " on " + infra).containsEntry("condition", "service_healthy"));
    }
  }

  @Test
  @DisplayName("limits every container's memory, a node's as its Kubernetes pod's, Kafka's heap inside its limit")
  void memoryLimits() {
    services.keySet().forEach(name -> assertThat(service(name)).as(name).containsKey("mem_limit"));
    NodeSettings.NODES.forEach(node -> assertThat(service(node).get("mem_limit")).as(node).isEqualTo("768m"));
    assertThat(map(service("kafka"), "environment").get("KAFKA_HEAP_OPTS").toString()).contains("-Xmx512m");
    assertThat(service("kafka").get("mem_limit")).isEqualTo("1g");
  }

  @Test
  @DisplayName("runs MongoDB as a replica set that its healthcheck initiates, and the nodes connect to it")
  void mongoReplicaSet() {
    var mongo = service("mongo");

    assertThat(mongo.get("image")).isEqualTo("mongo:7");
    assertThat(list(mongo, "command")).containsSequence("--replSet", "rs0");
    assertThat(list(map(mongo, "healthcheck"), "test")).anySatisfy(step ->
        assertThat(step.toString()).contains("rs.initiate(", "isWritablePrimary"));
    NodeSettings.NODES.forEach(node ->
        assertThat(settingsOf(node).get("MONGO_URI")).startsWith("mongodb://mongo:27017/").contains("replicaSet=rs0"));
  }

  @Test
  @DisplayName("runs Kafka in KRaft mode, advertising the address the nodes bootstrap from")
  void kafkaKraft() {
    var kafka = service("kafka");
    var environment = map(kafka, "environment");

    assertThat(kafka.get("image")).isEqualTo("apache/kafka:3.7.1");
    assertThat(environment.get("KAFKA_PROCESS_ROLES").toString()).contains("broker", "controller");
    assertThat(kafka).containsKey("healthcheck");
    NodeSettings.NODES.forEach(node -> assertThat(environment.get("KAFKA_ADVERTISED_LISTENERS").toString())
        .contains("PLAINTEXT://" + settingsOf(node).get("KAFKA_BOOTSTRAP")));
  }

  @Test
  @DisplayName("has Prometheus scrape /metrics on every node's port (services and gateway), labelled with its name")
  void prometheusScrapesEveryNode() {
    var config = Yaml.read(Path.of("prometheus/prometheus.yml"));
    var job = asMap(list(config, "scrape_configs").get(0));
    var targets = list(job, "static_configs").stream().map(Yaml::asMap).collect(Collectors.toMap(
        target -> asMap(target.get("labels")).get("service").toString(),
        target -> list(target, "targets")));

    assertThat(job).containsEntry("metrics_path", "/metrics");
    assertThat(targets.keySet()).containsExactlyInAnyOrderElementsOf(NodeSettings.NODES);
    targets.forEach((service, hosts) ->
        assertThat(hosts).containsExactly(service + ":" + settingsOf(service).portOf(service)));
    assertThat(list(service("prometheus"), "volumes")).anySatisfy(volume ->
        assertThat(volume.toString()).startsWith("./prometheus/prometheus.yml:"));
  }

  @Test
  @DisplayName("has auth believe X-Forwarded-For from the containers' range only, and the gateway from nobody")
  void trustedProxies() {
    var ipam = asMap(list(map(map(map(Yaml.read(Path.of("docker-compose.yml")), "networks"), "default"), "ipam"), "config").get(0));

    for (String node : NodeSettings.NODES) {
      assertThat(settingsOf(node).get("ORDERMESH_AUTH_TRUSTED_PROXIES")).as(node).isEqualTo(ipam.get("ip_range"));
      assertThat(settingsOf(node).get("ORDERMESH_GATEWAY_TRUSTED_PROXIES")).as(node).isEmpty();
    }
    assertThat(ipam.get("ip_range")).as("the Docker host (the subnet's gateway) stays outside the range")
        .isNotEqualTo(ipam.get("subnet"));
  }

  private Map<String, Object> service(String name) {
    return map(services, name);
  }

  private NodeSettings settingsOf(String node) {
    return NodeSettings.defaults().with(map(service(node), "environment"));
  }
}
