package org.ordermesh.platform.inbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ordermesh_kafka_consumer_lag{topic,group}}: records not yet processed in the partitions this
 * member holds (end offset minus position), measured after a commit, at most every few seconds. After
 * a commit the position is the committed offset, since every polled record has been processed by then.
 * Summed over the group's members it is the group's lag.
 */
final class ConsumerLag {

  private static final long EVERY_MILLIS = 5_000;

  private final KafkaConsumer<String, String> consumer;
  private final AtomicLong lag = new AtomicLong();
  private final Gauge gauge;
  private final MeterRegistry meters;
  private long measuredAt;

  ConsumerLag(KafkaConsumer<String, String> consumer, MeterRegistry meters, InboxSettings settings) {
    this.consumer = consumer;
    this.meters = meters;
    this.gauge = Gauge.builder("ordermesh_kafka_consumer_lag", lag, AtomicLong::get)
      .tag("topic", settings.topic()).tag("group", settings.group())
      .description("records not yet processed in the partitions this node consumes").register(meters);
  }

  /** Measures unless it was measured a moment ago; a failed measurement keeps the last value. */
  Future<Void> measure() {
    long now = System.currentTimeMillis();
    if (now - measuredAt < EVERY_MILLIS) {
      return Future.succeededFuture();
    }
    measuredAt = now;
    return consumer.assignment()
      .compose(partitions -> partitions.isEmpty() ? Future.succeededFuture(0L) : lagOf(partitions))
      .onSuccess(lag::set)
      .<Void>mapEmpty()
      .recover(error -> Future.succeededFuture());
  }

  void close() {
    meters.remove(gauge);
  }

  private Future<Long> lagOf(Set<TopicPartition> partitions) {
    return consumer.endOffsets(partitions).compose(ends -> Future.all(partitions.stream()
        .map(partition -> consumer.position(partition).map(position -> behind(ends, partition, position)))
        .toList())
      .map(each -> each.<Long>list().stream().mapToLong(Long::longValue).sum()));
  }

  private static long behind(Map<TopicPartition, Long> ends, TopicPartition partition, long position) {
    return Math.max(0, ends.getOrDefault(partition, position) - position);
  }
}
