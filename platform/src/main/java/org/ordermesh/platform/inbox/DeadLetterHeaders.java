package org.ordermesh.platform.inbox;

/**
 * The Kafka headers of dead letters and their replays, for whoever reads or replays a {@code <topic>.dlq}
 * (the node's admin endpoints). A dead letter keeps the original key, value and headers and adds the
 * {@code ordermesh-dlq-*} ones; a replay goes back to the original topic with {@link #REPLAY} = the dead
 * letter's offset. The inbox hides only events it recorded processed, so a replay is handled again, and a
 * second replay of the same event, once it was processed, is skipped.
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
}
