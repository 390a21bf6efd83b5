package org.ordermesh.platform.inbox;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.KafkaConsumerRecords;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import io.vertx.kafka.client.producer.KafkaProducer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.ordermesh.platform.node.NodeRuntime;
import org.ordermesh.platform.outbox.CloudEvent;
import org.ordermesh.platform.outbox.ReliableProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes a topic of CloudEvents into a handler, each event once as far as the inbox can tell. It polls
 * a batch, processes each partition's records one after another (partitions side by side), commits the
 * offsets of what was processed, and only then polls again: no offset is committed before every record
 * before it is processed, and no rebalance can happen mid-batch. A partition whose record could not be
 * dealt with (Mongo or Kafka away) is rewound to it and retried after a pause. Auto-commit is off.
 */
public final class KafkaInbox {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaInbox.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final long PAUSE_AFTER_FAILURE_MILLIS = 1_000;
  // a batch is processed before the next poll; a small one keeps that well inside max.poll.interval.ms
  private static final int MAX_POLL_RECORDS = 100;

  private final Vertx vertx;
  private final InboxSettings settings;
  private final KafkaConsumer<String, String> consumer;
  private final KafkaProducer<String, String> producer;
  private final RecordProcessor processor;
  private final ProcessedEvents processed;
  private final ConsumerLag lag;
  private Future<Void> batch = Future.succeededFuture();
  private boolean closed;

  private KafkaInbox(Vertx vertx, InboxSettings settings, KafkaConsumer<String, String> consumer,
                     KafkaProducer<String, String> producer, RecordProcessor processor, ProcessedEvents processed,
                     ConsumerLag lag) {
    this.vertx = vertx;
    this.settings = settings;
    this.consumer = consumer;
    this.producer = producer;
    this.processor = processor;
    this.processed = processed;
    this.lag = lag;
  }

  /** Creates the inbox indexes, subscribes, and starts consuming into {@code handler}. */
  public static Future<KafkaInbox> start(Vertx vertx, MongoClient mongo, InboxSettings settings,
                                         Function<CloudEvent, Future<Void>> handler) {
    var runtime = NodeRuntime.of(vertx);
    String bootstrap = runtime.config().kafkaBootstrap();
    KafkaConsumer<String, String> consumer = KafkaConsumer.create(vertx, consumerConfig(bootstrap, settings, runtime.config().nodeId()));
    var producer = ReliableProducer.create(vertx, bootstrap, settings.group() + "-dlq");
    var processed = new ProcessedEvents(mongo, settings);
    var processor = new RecordProcessor(vertx, settings, processed, new DeadLetters(producer, settings, runtime.meters()), handler);
    var inbox = new KafkaInbox(vertx, settings, consumer, producer, processor, processed,
      new ConsumerLag(vertx, consumer, runtime.meters(), settings));
    return processed.ensureIndexes()
      .compose(indexed -> consumer.subscribe(settings.topic()))
      .onSuccess(subscribed -> inbox.next())
      .map(inbox);
  }

  /** Stops after the batch under way (its offsets committed) and closes the Kafka clients. */
  public Future<Void> close() {
    closed = true;
    lag.close();
    return batch.eventually(() -> Future.join(consumer.close(), producer.close())).mapEmpty();
  }

  private void next() {
    if (closed) {
      return;
    }
    batch = consumer.poll(POLL).compose(this::processBatch);
    batch.onComplete(done -> {
      if (done.failed()) {
        LOG.warn("consuming {} failed, retrying: {}", settings.topic(), done.cause().toString());
        vertx.setTimer(PAUSE_AFTER_FAILURE_MILLIS, timer -> next());
      } else {
        next();
      }
    });
  }

  private Future<Void> processBatch(KafkaConsumerRecords<String, String> records) {
    if (records.isEmpty()) {
      return Future.succeededFuture();
    }
    var partitions = byPartition(records);
    var outcomes = partitions.entrySet().stream()
      .map(partition -> processInOrder(partition.getKey(), partition.getValue()))
      .toList();
    return Future.all(outcomes).compose(done -> commit(outcomes.stream().map(Future::result).toList()));
  }

  /**
   * Records of one partition in offset order, their outcomes recorded in the inbox in one write at the end;
   * a failure stops the partition at the failed record, and a failed record of the outcomes at its first.
   */
  private Future<PartitionProgress> processInOrder(TopicPartition partition, List<KafkaConsumerRecord<String, String>> records) {
    var outcomes = new ArrayList<ProcessedEvents.Outcome>();
    Future<PartitionProgress> progress = Future.succeededFuture(new PartitionProgress(partition, -1, -1));
    for (var record : records) {
      progress = progress.compose(sofar -> sofar.stopped()
        ? Future.succeededFuture(sofar)
        : processor.process(record, outcomes)
          .map(outcome -> {
            outcome.ifPresent(outcomes::add);
            return new PartitionProgress(partition, record.offset() + 1, -1);
          })
          .otherwise(error -> {
            LOG.warn("{} offset {} could not be processed, will retry: {}", partition, record.offset(), error.toString());
            return new PartitionProgress(partition, sofar.commitOffset(), record.offset());
          }));
    }
    return progress.compose(done -> processed.recordAll(outcomes).map(done).otherwise(error -> {
      LOG.warn("recording {} events of {} in the inbox failed, will process them again: {}", outcomes.size(), partition,
        error.toString());
      return new PartitionProgress(partition, -1, records.get(0).offset());
    }));
  }

  private Future<Void> commit(List<PartitionProgress> progress) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    List<Future<Void>> rewinds = new ArrayList<>();
    for (var partition : progress) {
      if (partition.commitOffset() >= 0) {
        offsets.put(partition.partition(), new OffsetAndMetadata(partition.commitOffset(), null));
      }
      if (partition.stopped()) {
        rewinds.add(consumer.seek(partition.partition(), partition.retryOffset()));
      }
    }
    Future<Void> committed = offsets.isEmpty() ? Future.succeededFuture()
      // a failed commit is not fatal: the records come again and the inbox skips them
      : consumer.commit(offsets).<Void>mapEmpty().recover(error -> {
        LOG.warn("committing {} offsets failed: {}", settings.topic(), error.toString());
        return Future.succeededFuture();
      });
    return committed
      .compose(done -> Future.all(rewinds))
      .compose(done -> rewinds.isEmpty() ? Future.succeededFuture() : Future.failedFuture("a partition stopped at a record"));
  }

  private static Map<TopicPartition, List<KafkaConsumerRecord<String, String>>> byPartition(KafkaConsumerRecords<String, String> records) {
    Map<TopicPartition, List<KafkaConsumerRecord<String, String>>> partitions = new LinkedHashMap<>();
    for (int i = 0; i < records.size(); i++) {
      var record = records.recordAt(i);
      partitions.computeIfAbsent(new TopicPartition(record.topic(), record.partition()), key -> new ArrayList<>()).add(record);
    }
    return partitions;
  }

  private static Map<String, String> consumerConfig(String bootstrap, InboxSettings settings, String nodeId) {
    return Map.of(
      ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
      ConsumerConfig.GROUP_ID_CONFIG, settings.group(),
      ConsumerConfig.CLIENT_ID_CONFIG, settings.group() + "-" + nodeId,
      // offsets are committed by hand after processing; auto-commit would commit records not yet processed
      ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
      // a new group starts from the beginning: events written before it existed are still its business
      ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
      ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(MAX_POLL_RECORDS),
      // the broker gathers up to a quarter second of events into one batch, and a batch's ids are one write
      ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "16384",
      ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "250",
      ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
      ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
  }

  /** How far a partition got in a batch: the offset to commit (-1: none), and where to resume if it stopped (-1: it did not). */
  private record PartitionProgress(TopicPartition partition, long commitOffset, long retryOffset) {
    boolean stopped() {
      return retryOffset >= 0;
    }
  }
}
