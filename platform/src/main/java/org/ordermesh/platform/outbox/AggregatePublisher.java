package org.ordermesh.platform.outbox;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ordermesh.platform.mongo.DelayedBulkWrites;
import org.ordermesh.platform.trace.TraceContext;

/**
 * Publishes the pending events of one aggregate: takes its outbox (as a nudge carried it, or read from the
 * document), sends each event in array order and only after the previous one is acknowledged (so a failed send
 * is never overtaken by a later one), then has exactly those events pulled from the outbox by a delayed bulk
 * write shared with other aggregates (a pull is bookkeeping, not urgent). Events published lately are not sent again while their pull
 * is still on its way, nor when a stale nudge repeats them.
 */
final class AggregatePublisher {

  // published ids remembered; a pull follows its publication within a fraction of a second
  private static final int RECENTLY_PUBLISHED = 16_384;

  private final MongoClient mongo;
  private final KafkaProducer<String, String> producer;
  private final OutboxSource source;
  private final Counter published;
  private final DelayedBulkWrites pulls;
  private final Map<String, Boolean> recentlyPublished = new LinkedHashMap<>(1024, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > RECENTLY_PUBLISHED;
    }
  };

  AggregatePublisher(MongoClient mongo, KafkaProducer<String, String> producer, OutboxSource source, Counter published,
                     DelayedBulkWrites pulls) {
    this.mongo = mongo;
    this.producer = producer;
    this.source = source;
    this.published = published;
    this.pulls = pulls;
  }

  /**
   * Publishes what is pending and answers how many events were sent. {@code outbox} is the aggregate's outbox
   * as its writer saw it after writing, or null to read it from the store.
   */
  Future<Integer> publishPending(Object aggregateId, JsonArray outbox) {
    var entries = outbox != null ? Future.succeededFuture(outbox) : mongo
      .findOne(source.collection(), new JsonObject().put("_id", aggregateId), new JsonObject().put(Outbox.FIELD, 1))
      .map(document -> document == null ? null : document.getJsonArray(Outbox.FIELD));
    return entries.compose(pending -> {
      if (pending == null || pending.isEmpty()) {
        return Future.succeededFuture(0);
      }
      List<OutboxEvent> events = pending.stream().map(entry -> OutboxEvent.fromEntry((JsonObject) entry)).toList();
      List<OutboxEvent> unsent = events.stream().filter(event -> !recentlyPublished.containsKey(event.id())).toList();
      return sendInOrder(key(aggregateId), unsent, 0)
        .onSuccess(sent -> pulls.add(pull(aggregateId, events)))
        .map(sent -> unsent.size());
    });
  }

  private Future<Void> sendInOrder(String key, List<OutboxEvent> events, int next) {
    if (next == events.size()) {
      return Future.succeededFuture();
    }
    return send(key, events.get(next)).compose(sent -> sendInOrder(key, events, next + 1));
  }

  private Future<Void> send(String key, OutboxEvent event) {
    var record = KafkaProducerRecord.create(source.topic(), key, CloudEvent.of(event, source.source()).toJson().encode())
      .addHeader("content-type", CloudEvent.STRUCTURED_CONTENT_TYPE)
      .addHeaders(TraceContext.kafkaHeaders(event.trace(), event.requestId()));
    // sent in the event's trace: the producer span (when tracing is on) and any log line belong to it
    return TraceContext.continuing(event.trace(), event.requestId(), () -> producer.send(record)).onSuccess(metadata -> {
      published.increment();
      recentlyPublished.put(event.id(), Boolean.TRUE);
    }).mapEmpty();
  }

  // removes exactly these events: any pushed meanwhile stay for the next pass
  private static BulkOperation pull(Object aggregateId, List<OutboxEvent> events) {
    var ids = new JsonArray(events.stream().map(OutboxEvent::id).toList());
    return BulkOperation.createUpdate(new JsonObject().put("_id", aggregateId), new JsonObject().put("$pull",
      new JsonObject().put(Outbox.FIELD, new JsonObject().put("id", new JsonObject().put("$in", ids)))));
  }

  // the Kafka key is the aggregate id as text, so all of an aggregate's events share a partition
  static String key(Object aggregateId) {
    if (aggregateId instanceof JsonObject objectId && objectId.containsKey("$oid")) {
      return objectId.getString("$oid");
    }
    return String.valueOf(aggregateId);
  }
}
