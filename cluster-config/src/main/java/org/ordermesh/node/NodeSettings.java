package org.ordermesh.node;

import io.vertx.core.json.JsonObject;
import org.ordermesh.platform.config.Settings;

import java.nio.file.Path;
import java.util.List;

/**
 * The node's settings (README's table): environment variables or the same keys in a {@code --conf}
 * file, over the defaults in {@code node-defaults.json}.
 */
public record NodeSettings(
  List<String> services,
  boolean gateway,
  int gatewayPort,
  boolean clustered,
  List<String> clusterMembers,
  String clusterKubernetesDns,
  int clusterPort,
  String publicHost,
  int eventBusPort,
  String nodeId,
  Path dataDir,
  String mongoUri,
  String kafkaBootstrap,
  int embeddedMongoPort,
  int embeddedKafkaPort,
  int embeddedOplogMinutes,
  int drainSeconds,
  JsonObject raw) {

  public static final String DEFAULTS_RESOURCE = "node-defaults.json";

  public static NodeSettings from(JsonObject config) {
    var s = new Settings(config);
    return new NodeSettings(
      s.list("ORDERMESH_SERVICES"),
      s.bool("ORDERMESH_GATEWAY", true),
      s.integer("ORDERMESH_GATEWAY_PORT", 8080),
      s.bool("ORDERMESH_CLUSTER", false),
      s.list("ORDERMESH_CLUSTER_MEMBERS"),
      s.string("ORDERMESH_CLUSTER_KUBERNETES_DNS", null),
      s.integer("ORDERMESH_CLUSTER_PORT", 5701),
      s.string("ORDERMESH_PUBLIC_HOST", "127.0.0.1"),
      s.integer("ORDERMESH_EVENTBUS_PORT", 0),
      s.string("ORDERMESH_NODE_ID", defaultNodeId()),
      Path.of(s.string("ORDERMESH_DATA", "./data")),
      s.string("MONGO_URI", null),
      s.string("KAFKA_BOOTSTRAP", null),
      s.integer("ORDERMESH_EMBEDDED_MONGO_PORT", 27017),
      s.integer("ORDERMESH_EMBEDDED_KAFKA_PORT", 9092),
      s.integer("ORDERMESH_EMBEDDED_OPLOG_MINUTES", 60),
      s.integer("ORDERMESH_DRAIN_SECONDS", 10),
      config);
  }

  /** The settings handed to every service, with what the node decided filled in. */
  public JsonObject serviceSettings(String effectiveMongoUri, String effectiveKafkaBootstrap) {
    return raw.copy()
      .put("MONGO_URI", effectiveMongoUri)
      .put("KAFKA_BOOTSTRAP", effectiveKafkaBootstrap)
      .put("ORDERMESH_NODE_ID", nodeId)
      .put("ORDERMESH_PUBLIC_HOST", publicHost);
  }

  /** Whether the node runs on the embedded store and broker rather than real servers it was given. */
  public boolean embeddedDefault() {
    return mongoUri == null && kafkaBootstrap == null;
  }

  private static String defaultNodeId() {
    var host = System.getenv("HOSTNAME");
    return host == null || host.isBlank() ? "node-" + ProcessHandle.current().pid() : host;
  }
}
