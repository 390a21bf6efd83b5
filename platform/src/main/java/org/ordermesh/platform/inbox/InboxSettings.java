package org.ordermesh.platform.inbox;

import java.time.Duration;
import java.util.Objects;

/**
 * How one inbox consumes.
 *
 * @param topic        the topic it consumes; a message that keeps failing goes to {@code <topic>.dlq}
 * @param group        the Kafka consumer group, also the scope of its processed-event ids
 * @param maxAttempts  how many times the handler is tried on one event before it is dead-lettered
 * @param firstBackoff the wait before the second attempt, doubled before each further one
 * @param keepIds      how long processed event ids are kept: longer than any redelivery can come late
 */
public record InboxSettings(String topic, String group, int maxAttempts, Duration firstBackoff, Duration keepIds) {

  public InboxSettings {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(group, "group");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
  }

  /** Defaults: 4 attempts, waiting 200 ms, 400 ms and 800 ms between them; ids kept 7 days. */
  public static InboxSettings of(String topic, String group) {
    return new InboxSettings(topic, group, 4, Duration.ofMillis(200), Duration.ofDays(7));
  }

  public InboxSettings withRetries(int attempts, Duration backoff) {
    return new InboxSettings(topic, group, attempts, backoff, keepIds);
  }

  public String deadLetterTopic() {
    return topic + ".dlq";
  }
}
