package org.ordermesh.platform.inbox;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How one inbox consumes.
 *
 * @param topic        the topic it consumes; a message that keeps failing goes to {@code <topic>.dlq}
 * @param group        the Kafka consumer group, also the scope of its processed-event ids
 * @param maxAttempts  how many times the handler is tried on one event before it is dead-lettered
 * @param firstBackoff the wait before the second attempt, doubled before each further one
 * @param transientPatience how long a failure that says a dependency is away (Mongo unreachable, a peer
 *                     unavailable) keeps being retried, past {@code maxAttempts}, before a dead letter
 * @param keepIds      how long processed event ids are kept: longer than any redelivery can come late
 * @param types        the event types the handler acts on; others are passed over without touching the
 *                     store (an event that changes nothing needs no record); empty: every type
 */
public record InboxSettings(String topic, String group, int maxAttempts, Duration firstBackoff, Duration keepIds,
                            Set<String> types, Duration transientPatience) {

  public InboxSettings {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(group, "group");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    types = Set.copyOf(types);
  }

  /**
   * Defaults: every type, 4 attempts, waiting 200 ms, 400 ms and 800 ms between them, a dependency away
   * retried for up to a minute; ids kept 7 days.
   */
  public static InboxSettings of(String topic, String group) {
    return new InboxSettings(topic, group, 4, Duration.ofMillis(200), Duration.ofDays(7), Set.of(), Duration.ofMinutes(1));
  }

  public InboxSettings withRetries(int attempts, Duration backoff) {
    return new InboxSettings(topic, group, attempts, backoff, keepIds, types, transientPatience);
  }

  public InboxSettings withTransientPatience(Duration patience) {
    return new InboxSettings(topic, group, maxAttempts, firstBackoff, keepIds, types, patience);
  }

  /** Only these event types reach the handler. */
  public InboxSettings withTypes(String... handled) {
    return new InboxSettings(topic, group, maxAttempts, firstBackoff, keepIds, Set.of(handled), transientPatience);
  }

  public boolean handles(String type) {
    return types.isEmpty() || types.contains(type);
  }

  public String deadLetterTopic() {
    return topic + ".dlq";
  }
}
