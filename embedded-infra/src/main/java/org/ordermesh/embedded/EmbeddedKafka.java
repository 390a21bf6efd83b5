package org.ordermesh.embedded;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** One Apache Kafka broker in this JVM, KRaft combined mode (broker and controller, node 1). */
public final class EmbeddedKafka implements AutoCloseable {

  private static final int NODE_ID = 1;

  private final KafkaRaftServer server;
  private final String bootstrapServers;

  private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
  }

  /**
   * Formats {@code logDir} if it is new and starts the broker on it; a restart on the same directory
   * keeps topics, messages and committed offsets. Port 0 picks a free port.
   */
  public static EmbeddedKafka start(Path logDir, String host, int port) {
    int brokerPort = FreePort.orGiven(host, port);
    int controllerPort = FreePort.on(host);
    KafkaConfig config = new KafkaConfig(settings(logDir, host, brokerPort, controllerPort));
    KafkaStorage.formatIfNew(logDir, config);
    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    server.startup();
    return new EmbeddedKafka(server, host + ":" + brokerPort);
  }

  private static Map<String, String> settings(Path logDir, String host, int brokerPort, int controllerPort) {
    // all values as strings, which is how KafkaConfig parses every type, shorts included
    Map<String, String> settings = new HashMap<>();
    settings.put("process.roles", "broker,controller");
    settings.put("node.id", String.valueOf(NODE_ID));
    settings.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
    settings.put("listeners", "PLAINTEXT://" + host + ":" + brokerPort + ",CONTROLLER://" + host + ":" + controllerPort);
    settings.put("advertised.listeners", "PLAINTEXT://" + host + ":" + brokerPort);
    settings.put("controller.listener.names", "CONTROLLER");
    settings.put("inter.broker.listener.name", "PLAINTEXT");
    settings.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    settings.put("log.dirs", logDir.toAbsolutePath().toString());
    // a single node can hold only one replica of anything
    settings.put("offsets.topic.replication.factor", "1");
    settings.put("transaction.state.log.replication.factor", "1");
    settings.put("transaction.state.log.min.isr", "1");
    settings.put("min.insync.replicas", "1");
    // the default 50 partitions each make the first consumer group or transaction wait for their creation
    settings.put("offsets.topic.num.partitions", "1");
    settings.put("transaction.state.log.num.partitions", "1");
    settings.put("auto.create.topics.enable", "true");
    settings.put("num.partitions", "3");
    settings.put("group.initial.rebalance.delay.ms", "0");
    return settings;
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }
}
