package org.ordermesh.embedded;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class EmbeddedKafkaTest {

  private static final String TOPIC = "order.events.v1";
  private static final int RECORDS = 20;

  @TempDir
  Path logDir;

  @Test
  @DisplayName("records acknowledged by all replicas are read back, and again from offset 0 after a restart")
  void recordsSurviveRestart(Vertx vertx) {
    List<String> sent = IntStream.range(0, RECORDS).mapToObj(i -> "event-" + i).toList();

    try (EmbeddedKafka kafka = EmbeddedKafka.start(logDir, "127.0.0.1", 0)) {
      produce(vertx, kafka.bootstrapServers(), sent);
      assertThat(consumeFromStart(vertx, kafka.bootstrapServers())).containsExactlyInAnyOrderElementsOf(sent);
    }
    try (EmbeddedKafka restarted = EmbeddedKafka.start(logDir, "127.0.0.1", 0)) {
      assertThat(consumeFromStart(vertx, restarted.bootstrapServers())).containsExactlyInAnyOrderElementsOf(sent);
    }
  }

  private static void produce(Vertx vertx, String bootstrapServers, List<String> values) {
    KafkaProducer<String, String> producer = KafkaProducer.create(vertx, Map.of(
        "bootstrap.servers", bootstrapServers,
        "acks", "all",
        "key.serializer", "org.apache.kafka.common.serialization.StringSerializer",
        "value.serializer", "org.apache.kafka.common.serialization.StringSerializer"));
    Future<Void> allSent = Future.all(values.stream()
        .map(value -> producer.send(KafkaProducerRecord.create(TOPIC, value, value)))
        .toList()).mapEmpty();
    Await.result(allSent.eventually(producer::close));
  }

  /** Reads the topic with a fresh consumer group, which starts every partition at offset 0. */
  private static Set<String> consumeFromStart(Vertx vertx, String bootstrapServers) {
    Set<String> received = ConcurrentHashMap.newKeySet();
    Promise<Void> allReceived = Promise.promise();
    KafkaConsumer<String, String> consumer = KafkaConsumer.create(vertx, Map.of(
        "bootstrap.servers", bootstrapServers,
        "group.id", "test-" + UUID.randomUUID(),
        "auto.offset.reset", "earliest",
        "enable.auto.commit", "false",
        "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
        "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer"));
    consumer.handler(record -> {
      received.add(record.value());
      if (received.size() == RECORDS) {
        allReceived.tryComplete();
      }
    });
    Await.result(consumer.subscribe(TOPIC).compose(subscribed -> allReceived.future()).eventually(consumer::close));
    return received;
  }
}
