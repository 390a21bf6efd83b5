package org.ordermesh.platform.inbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;

/**
 * Sends a message that keeps failing to {@code <topic>.dlq}: the original key, value and headers
 * untouched (so it can be replayed onto its topic as it was), and the failure in the
 * {@link DeadLetterHeaders} {@code ordermesh-dlq-*} headers. Each one counts in
 * {@code ordermesh_inbox_dead_letters_total{topic,group}}.
 */
final class DeadLetters {

  private final KafkaProducer<String, String> producer;
  private final InboxSettings settings;
  private final Counter sent;

  DeadLetters(KafkaProducer<String, String> producer, InboxSettings settings, MeterRegistry meters) {
    this.producer = producer;
    this.settings = settings;
    this.sent = Counter.builder("ordermesh_inbox_dead_letters").tag("topic", settings.topic()).tag("group", settings.group())
      .description("events sent to the dead-letter topic after every attempt failed").register(meters);
  }

  Future<Void> send(KafkaConsumerRecord<String, String> record, Throwable error, int attempts) {
    var letter = KafkaProducerRecord.create(settings.deadLetterTopic(), record.key(), record.value())
      .addHeaders(record.headers())
      .addHeader(DeadLetterHeaders.ERROR, String.valueOf(error.getMessage()))
      .addHeader(DeadLetterHeaders.EXCEPTION, error.getClass().getName())
      .addHeader(DeadLetterHeaders.ATTEMPTS, String.valueOf(attempts))
      .addHeader(DeadLetterHeaders.TOPIC, record.topic())
      .addHeader(DeadLetterHeaders.PARTITION, String.valueOf(record.partition()))
      .addHeader(DeadLetterHeaders.OFFSET, String.valueOf(record.offset()))
      .addHeader(DeadLetterHeaders.GROUP, settings.group());
    return producer.send(letter).onSuccess(done -> sent.increment()).mapEmpty();
  }
}
