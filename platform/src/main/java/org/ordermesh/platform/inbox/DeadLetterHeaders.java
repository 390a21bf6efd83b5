package org.ordermesh.platform.inbox;

import io.vertx.kafka.client.consumer.KafkaConsumerRecord;

import java.util.Optional;

/**
 * The Kafka headers of dead letters and their replays, for whoever reads or replays a {@code <topic>.dlq}
 * (the node's admin endpoints). A dead letter keeps the original key, value and headers and adds the
 * {@code ordermesh-dlq-*} ones; a replay goes back to the original topic with {@link #REPLAY} = the dead
 * letter's offset, and the inbox processes it again, once per dead letter.
 */
public final class DeadLetterHeaders {

  public static final String ERROR = "ordermesh-dlq-error";
  public static final String EXCEPTION = "ordermesh-dlq-exception";
  public static final String ATTEMPTS = "ordermesh-dlq-attempts";
  public static final String TOPIC = "ordermesh-dlq-topic";
  public static final String PARTITION = "ordermesh-dlq-partition";
  public static final String OFFSET = "ordermesh-dlq-offset";
  public static final String GROUP = "ordermesh-dlq-group";
  /** On a replayed record: the offset of the dead letter it was replayed from. */
  public static final String REPLAY = "ordermesh-replay";
  /** Every dead-letter header starts so; a replay leaves them off. */
  public static final String PREFIX = "ordermesh-dlq-";

  private DeadLetterHeaders() {
  }

  /**
   * The id the inbox records a record under: the event id, or for a replay the event id and the dead letter's
   * offset, so the event dead-lettered before is processed again, and the same dead letter replayed twice once.
   */
  static String inboxId(KafkaConsumerRecord<String, String> record, String eventId) {
    return replayedFrom(record).map(offset -> eventId + "@replay-" + offset).orElse(eventId);
  }

  private static Optional<String> replayedFrom(KafkaConsumerRecord<String, String> record) {
    return record.headers().stream().filter(header -> REPLAY.equals(header.key()))
      .map(header -> header.value().toString()).reduce((first, last) -> last);
  }
}
