package org.ordermesh.platform.outbox;

import io.vertx.core.Vertx;
import io.vertx.kafka.client.producer.KafkaProducer;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Kafka producer settings ordermesh sends events with: nothing acknowledged is lost or reordered. */
public final class ReliableProducer {

  private static final Logger LOG = LoggerFactory.getLogger(ReliableProducer.class);

  private ReliableProducer() {
  }

  public static KafkaProducer<String, String> create(Vertx vertx, String bootstrap, String clientId) {
    KafkaProducer<String, String> producer = KafkaProducer.create(vertx, Map.of(
      ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
      ProducerConfig.CLIENT_ID_CONFIG, clientId,
      // all in-sync replicas have it before the send succeeds
      ProducerConfig.ACKS_CONFIG, "all",
      // the broker drops a retried batch it already has, and keeps batches in order across retries...
      ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
      // ...which it can only do with at most 5 batches in flight per partition
      ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5",
      // a send fails (and is retried from the outbox) rather than hanging while Kafka is away
      ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000",
      ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
      ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
    // each send's future reports its failure to the caller, who logs and retries; without a handler Vert.x
    // would also log every failed record as an unhandled ERROR (hundreds while a broker restarts)
    producer.exceptionHandler(error -> LOG.debug("{} send failed: {}", clientId, error.toString()));
    return producer;
  }
}
