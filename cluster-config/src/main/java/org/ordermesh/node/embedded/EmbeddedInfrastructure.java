package org.ordermesh.node.embedded;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.ordermesh.embedded.EmbeddedKafka;
import org.ordermesh.embedded.EmbeddedMongo;
import org.ordermesh.node.NodeSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;

/**
 * The development default: when no {@code MONGO_URI} / {@code KAFKA_BOOTSTRAP} is set, the node runs a
 * MongoDB-compatible server and a Kafka broker in process, keeping their files under
 * {@code ORDERMESH_DATA}. Both start and stop on worker threads: they block.
 */
public final class EmbeddedInfrastructure {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedInfrastructure.class);
  private static final String LOOPBACK = "127.0.0.1";

  private final Optional<EmbeddedMongo> mongo;
  private final Optional<EmbeddedKafka> kafka;
  private final String mongoUri;
  private final String kafkaBootstrap;

  private EmbeddedInfrastructure(Optional<EmbeddedMongo> mongo, Optional<EmbeddedKafka> kafka,
                                 String mongoUri, String kafkaBootstrap) {
    this.mongo = mongo;
    this.kafka = kafka;
    this.mongoUri = mongoUri;
    this.kafkaBootstrap = kafkaBootstrap;
  }

  public static Future<EmbeddedInfrastructure> startAsNeeded(Vertx vertx, NodeSettings settings) {
    return vertx.executeBlocking(() -> {
      var mongo = Optional.ofNullable(settings.mongoUri() == null ? startMongo(settings) : null);
      Optional<EmbeddedKafka> kafka;
      try {
        kafka = Optional.ofNullable(settings.kafkaBootstrap() == null
          ? EmbeddedKafka.start(settings.dataDir().resolve("kafka"), LOOPBACK, settings.embeddedKafkaPort())
          : null);
      } catch (Exception e) {
        mongo.ifPresent(EmbeddedMongo::close);
        throw new IllegalStateException("embedded Kafka on port " + settings.embeddedKafkaPort(), e);
      }
      var infrastructure = new EmbeddedInfrastructure(mongo, kafka,
        mongo.map(EmbeddedMongo::connectionString).orElse(settings.mongoUri()),
        kafka.map(EmbeddedKafka::bootstrapServers).orElse(settings.kafkaBootstrap()));
      mongo.ifPresent(m -> log.info("embedded MongoDB listening on {} (data in {})", m.connectionString(),
        settings.dataDir().resolve("mongo").toAbsolutePath().normalize()));
      kafka.ifPresent(k -> log.info("embedded Kafka listening on {} (data in {})", k.bootstrapServers(),
        settings.dataDir().resolve("kafka").toAbsolutePath().normalize()));
      return infrastructure;
    });
  }

  // the oplog carries the change streams the relays tail; its retention is how far back one can resume
  private static EmbeddedMongo startMongo(NodeSettings settings) {
    var dir = settings.dataDir().resolve("mongo");
    if (settings.embeddedOplogMinutes() < 1) {
      throw new IllegalArgumentException("ORDERMESH_EMBEDDED_OPLOG_MINUTES must be at least 1: change streams need the oplog");
    }
    try {
      return EmbeddedMongo.startFile(dir, LOOPBACK, settings.embeddedMongoPort(), Duration.ofMinutes(settings.embeddedOplogMinutes()));
    } catch (Exception e) {
      // the cause says "address already in use" or what the store refused, not which server
      throw new IllegalStateException("embedded MongoDB on port " + settings.embeddedMongoPort() + " (data in " + dir + ")", e);
    }
  }

  public String mongoUri() {
    return mongoUri;
  }

  public String kafkaBootstrap() {
    return kafkaBootstrap;
  }

  /** Blocking: called on the shutdown path after Vert.x has closed. */
  public void close() {
    kafka.ifPresent(EmbeddedKafka::close);
    mongo.ifPresent(EmbeddedMongo::close);
  }
}
