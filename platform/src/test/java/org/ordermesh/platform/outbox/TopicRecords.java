package org.ordermesh.platform.outbox;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ordermesh.embedded.SharedInfra;

/** Everything a test topic receives, from its beginning, as a consumer of its own group sees it. */
public final class TopicRecords implements AutoCloseable {

  private final KafkaConsumer<String, String> consumer;
  private final List<KafkaConsumerRecord<String, String>> records = new CopyOnWriteArrayList<>();

  private TopicRecords(KafkaConsumer<String, String> consumer) {
    this.consumer = consumer;
  }

  public static TopicRecords of(Vertx vertx, String topic) {
    KafkaConsumer<String, String> consumer = KafkaConsumer.create(vertx, Map.of(
      "bootstrap.servers", SharedInfra.kafkaBootstrapServers(),
      "group.id", "reader-" + UUID.randomUUID(),
      "auto.offset.reset", "earliest",
      "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
      "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer"));
    var reader = new TopicRecords(consumer);
    consumer.handler(reader.records::add);
    Blocking.await(consumer.subscribe(topic));
    return reader;
  }

  public List<KafkaConsumerRecord<String, String>> all() {
    return List.copyOf(records);
  }

  /** The envelopes received, in order. */
  public List<JsonObject> envelopes() {
    return records.stream().map(record -> new JsonObject(record.value())).toList();
  }

  /** The distinct event ids received, in the order of their first arrival. */
  public List<String> distinctIds() {
    return envelopes().stream().map(envelope -> envelope.getString("id")).distinct().toList();
  }

  public static String header(KafkaConsumerRecord<?, ?> record, String name) {
    return record.headers().stream().filter(header -> header.key().equals(name))
      .map(header -> header.value().toString()).reduce((first, last) -> last).orElse(null);
  }

  @Override
  public void close() {
    Blocking.await(consumer.close());
  }
}
