package org.ordermesh.platform.outbox;

import java.util.Objects;

/**
 * A collection whose documents carry an outbox, and where its events go.
 *
 * @param collection the aggregate collection in the service's database
 * @param topic      the Kafka topic, e.g. {@code order.events.v1}
 * @param source     the CloudEvents {@code source} of its events, e.g. {@code /ordermesh/order}
 */
public record OutboxSource(String collection, String topic, String source) {

  public OutboxSource {
    Objects.requireNonNull(collection, "collection");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(source, "source");
  }
}
