package org.ordermesh.node.admin;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ordermesh.platform.http.ApiException;
import org.ordermesh.platform.inbox.DeadLetterHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * The {@code <topic>.dlq} topics of the node's Kafka, read and replayed for the admin endpoints. Each call
 * opens its own short-lived Kafka clients on a worker thread: these are rare operator actions, and a client
 * kept per call cannot be shared by two at once. Dead letters stay in their topic (Kafka deletes no single
 * record); a replay writes a copy to the original topic with {@code ordermesh-replay} = the dead letter's
 * offset, which the inbox processes again once.
 */
final class DeadLetterStore {

  static final String SUFFIX = ".dlq";
  private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,245}\\.dlq");
  private static final Duration CALL = Duration.ofSeconds(10);
  private static final Duration REQUEST = Duration.ofSeconds(5);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final long RETRY_AFTER_SECONDS = 5;

  private final Vertx vertx;
  private final String bootstrap;

  DeadLetterStore(Vertx vertx, String bootstrap) {
    this.vertx = vertx;
    this.bootstrap = bootstrap;
  }

  static boolean isDeadLetterTopic(String topic) {
    return topic != null && TOPIC.matcher(topic).matches();
  }

  /** Every dead-letter topic with the number of letters it holds. */
  Future<JsonArray> topics() {
    return blocking(() -> {
      try (var consumer = consumer()) {
        var topics = new JsonArray();
        var names = listDeadLetterTopics();
        for (var name : names) {
          var partitions = partitions(consumer, name);
          var begin = consumer.beginningOffsets(partitions, CALL);
          var end = consumer.endOffsets(partitions, CALL);
          long count = partitions.stream().mapToLong(p -> end.get(p) - begin.get(p)).sum();
          topics.add(new JsonObject().put("topic", name).put("originalTopic", original(name)).put("count", count));
        }
        return topics;
      }
    });
  }

  /** The newest {@code limit} letters of {@code topic}, newest first. */
  Future<JsonArray> letters(String topic, int limit) {
    return blocking(() -> {
      try (var consumer = consumer()) {
        var records = read(consumer, topic, limit);
        var letters = new JsonArray();
        records.stream().sorted(Comparator.comparingLong((ConsumerRecord<String, String> r) -> r.timestamp()).reversed()
            .thenComparing(ConsumerRecord::offset, Comparator.reverseOrder()))
          .limit(limit).forEach(record -> letters.add(describe(record)));
        return letters;
      }
    });
  }

  /** Replays the letter at {@code partition}/{@code offset}; fails with a 404 problem if there is none. */
  Future<JsonObject> replayOne(String topic, int partition, long offset) {
    return blocking(() -> {
      try (var consumer = consumer(); var producer = producer()) {
        var letter = readOne(consumer, topic, partition, offset);
        return replay(producer, letter);
      }
    });
  }

  /** Replays every letter of {@code topic}, oldest first. */
  Future<JsonArray> replayAll(String topic) {
    return blocking(() -> {
      try (var consumer = consumer(); var producer = producer()) {
        var replayed = new JsonArray();
        for (var letter : read(consumer, topic, Integer.MAX_VALUE)) {
          replayed.add(replay(producer, letter));
        }
        return replayed;
      }
    });
  }

  // a Kafka client's failure (broker away, timeout) is the dependency's unavailability, not a bug of ours
  private <T> Future<T> blocking(Callable<T> call) {
    return vertx.executeBlocking(call, false).recover(error -> Future.failedFuture(error instanceof ApiException
      ? error
      : ApiException.unavailable(RETRY_AFTER_SECONDS).withDetail("Kafka: " + error.getMessage())));
  }

  private List<String> listDeadLetterTopics() throws InterruptedException, ExecutionException, TimeoutException {
    try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
      AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) REQUEST.toMillis(),
      AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CALL.toMillis()))) {
      return admin.listTopics(new ListTopicsOptions().listInternal(false)).names()
        .get(CALL.toMillis(), TimeUnit.MILLISECONDS).stream()
        .filter(DeadLetterStore::isDeadLetterTopic).sorted().toList();
    }
  }

  private List<TopicPartition> partitions(KafkaConsumer<String, String> consumer, String topic) {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, CALL);
    if (infos == null || infos.isEmpty()) {
      throw ApiException.notFound("no dead-letter topic " + topic);
    }
    return infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
  }

  /** Up to {@code limit} newest letters of each partition. */
  private List<ConsumerRecord<String, String>> read(KafkaConsumer<String, String> consumer, String topic, int limit) {
    var partitions = partitions(consumer, topic);
    consumer.assign(partitions);
    var begin = consumer.beginningOffsets(partitions, CALL);
    var end = consumer.endOffsets(partitions, CALL);
    for (var partition : partitions) {
      consumer.seek(partition, Math.max(begin.get(partition), end.get(partition) - limit));
    }
    var records = new ArrayList<ConsumerRecord<String, String>>();
    var deadline = Instant.now().plus(CALL);
    while (partitions.stream().anyMatch(p -> consumer.position(p, CALL) < end.get(p))) {
      if (Instant.now().isAfter(deadline)) {
        throw ApiException.unavailable(RETRY_AFTER_SECONDS).withDetail("Kafka did not hand over " + topic + " in time");
      }
      consumer.poll(POLL).forEach(records::add);
    }
    return records;
  }

  private ConsumerRecord<String, String> readOne(KafkaConsumer<String, String> consumer, String topic, int partition,
                                                 long offset) {
    var target = new TopicPartition(topic, partition);
    if (partitions(consumer, topic).stream().noneMatch(target::equals)) {
      throw ApiException.notFound(topic + " has no partition " + partition);
    }
    consumer.assign(List.of(target));
    long begin = consumer.beginningOffsets(List.of(target), CALL).get(target);
    long end = consumer.endOffsets(List.of(target), CALL).get(target);
    if (offset < begin || offset >= end) {
      throw ApiException.notFound(topic + " has no dead letter at " + partition + "/" + offset);
    }
    consumer.seek(target, offset);
    var deadline = Instant.now().plus(CALL);
    while (Instant.now().isBefore(deadline)) {
      for (var record : consumer.poll(POLL)) {
        if (record.offset() == offset) {
          return record;
        }
      }
    }
    throw ApiException.unavailable(RETRY_AFTER_SECONDS).withDetail("Kafka did not hand over " + topic + " in time");
  }

  // original key, value and headers, without the dead letter's own: the inbox sees the event as first sent
  private JsonObject replay(KafkaProducer<String, String> producer, ConsumerRecord<String, String> letter)
    throws InterruptedException, ExecutionException, TimeoutException {
    var destination = header(letter, DeadLetterHeaders.TOPIC);
    if (destination == null) {
      destination = original(letter.topic());
    }
    var record = new ProducerRecord<>(destination, letter.key(), letter.value());
    for (Header header : letter.headers()) {
      if (!header.key().startsWith(DeadLetterHeaders.PREFIX) && !header.key().equals(DeadLetterHeaders.REPLAY)) {
        record.headers().add(header);
      }
    }
    record.headers().add(DeadLetterHeaders.REPLAY, String.valueOf(letter.offset()).getBytes(StandardCharsets.UTF_8));
    var written = producer.send(record).get(CALL.toMillis(), TimeUnit.MILLISECONDS);
    return new JsonObject().put("topic", letter.topic()).put("partition", letter.partition()).put("offset", letter.offset())
      .put("replayedTo", new JsonObject().put("topic", written.topic()).put("partition", written.partition())
        .put("offset", written.offset()));
  }

  private static JsonObject describe(ConsumerRecord<String, String> record) {
    var letter = new JsonObject()
      .put("partition", record.partition())
      .put("offset", record.offset())
      .put("key", record.key())
      .put("deadLetteredAt", Instant.ofEpochMilli(record.timestamp()).toString())
      .put("error", header(record, DeadLetterHeaders.ERROR))
      .put("exception", header(record, DeadLetterHeaders.EXCEPTION))
      .put("attempts", header(record, DeadLetterHeaders.ATTEMPTS))
      .put("group", header(record, DeadLetterHeaders.GROUP))
      .put("original", new JsonObject()
        .put("topic", header(record, DeadLetterHeaders.TOPIC))
        .put("partition", header(record, DeadLetterHeaders.PARTITION))
        .put("offset", header(record, DeadLetterHeaders.OFFSET)));
    try {
      var event = new JsonObject(record.value());
      letter.put("eventId", event.getString("id")).put("type", event.getString("type")).put("event", event);
    } catch (RuntimeException notJson) {
      letter.put("value", record.value());
    }
    return letter;
  }

  private static String header(ConsumerRecord<String, String> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static String original(String deadLetterTopic) {
    return deadLetterTopic.substring(0, deadLetterTopic.length() - SUFFIX.length());
  }

  private KafkaConsumer<String, String> consumer() {
    return new KafkaConsumer<>(Map.of(
      ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
      // no group: partitions are assigned by hand and nothing is committed
      ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
      ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) REQUEST.toMillis(),
      ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CALL.toMillis(),
      ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
      ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
  }

  private KafkaProducer<String, String> producer() {
    return new KafkaProducer<>(Map.of(
      ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
      ProducerConfig.ACKS_CONFIG, "all",
      ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
      ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) CALL.toMillis(),
      ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
      ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
  }
}
