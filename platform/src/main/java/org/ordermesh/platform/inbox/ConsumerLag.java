package org.ordermesh.platform.inbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ordermesh_kafka_consumer_lag{topic,group}}: records not yet processed in the partitions this
 * member holds (end offset minus the group's committed offset, the beginning where it has committed none),
 * measured every few seconds on a timer of its own: not after the member's commits, since a member that
 * stops getting records, or hangs on one, commits nothing and its lag would keep an old value. Offsets are
 * committed only once their records are processed. Summed over the group's members it is the group's lag.
 */
final class ConsumerLag {

  private static final long EVERY_MILLIS = 5_000;

  private final Vertx vertx;
  private final KafkaConsumer<String, String> consumer;
  private final AtomicLong lag = new AtomicLong();
  private final Gauge gauge;
  private final MeterRegistry meters;
  private final long timer;
  private boolean measuring;

  ConsumerLag(Vertx vertx, KafkaConsumer<String, String> consumer, MeterRegistry meters, InboxSettings settings) {
    this.vertx = vertx;
    this.consumer = consumer;
    this.meters = meters;
    this.gauge = Gauge.builder("ordermesh_kafka_consumer_lag", lag, AtomicLong::get)
      .tag("topic", settings.topic()).tag("group", settings.group())
      .description("records not yet processed in the partitions this node consumes").register(meters);
    this.timer = vertx.setPeriodic(EVERY_MILLIS, t -> measure());
  }

  void close() {
    vertx.cancelTimer(timer);
    meters.remove(gauge);
  }

  // a failed measurement keeps the last value; one under way (behind a slow broker) is not doubled
  private void measure() {
    if (measuring) {
      return;
    }
    measuring = true;
    consumer.assignment()
      .compose(partitions -> partitions.isEmpty() ? Future.succeededFuture(0L) : lagOf(partitions))
      .onSuccess(lag::set)
      .onComplete(done -> measuring = false);
  }

  private Future<Long> lagOf(Set<TopicPartition> partitions) {
    return Future.all(consumer.endOffsets(partitions), consumer.beginningOffsets(partitions)).compose(offsets -> {
      Map<TopicPartition, Long> ends = offsets.resultAt(0);
      Map<TopicPartition, Long> beginnings = offsets.resultAt(1);
      return Future.all(partitions.stream()
          .map(partition -> consumer.committed(partition).map(committed -> behind(partition, ends, beginnings, committed)))
          .toList())
        .map(each -> each.<Long>list().stream().mapToLong(Long::longValue).sum());
    });
  }

  private static long behind(TopicPartition partition, Map<TopicPartition, Long> ends, Map<TopicPartition, Long> beginnings,
                             OffsetAndMetadata committed) {
    long from = committed != null ? committed.getOffset() : beginnings.getOrDefault(partition, 0L);
    return Math.max(0, ends.getOrDefault(partition, from) - from);
  }
}
