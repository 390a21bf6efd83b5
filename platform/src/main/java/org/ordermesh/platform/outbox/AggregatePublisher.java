package org.ordermesh.platform.outbox;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.util.List;
import org.ordermesh.platform.trace.TraceContext;

/**
 * Publishes the pending events of one aggregate: reads its outbox, sends each event in array order and
 * only after the previous one is acknowledged (so a failed send is never overtaken by a later one), then
 * pulls exactly the sent events by id, leaving any that were pushed meanwhile for the next pass.
 */
final class AggregatePublisher {

  private final MongoClient mongo;
  private final KafkaProducer<String, String> producer;
  private final OutboxSource source;
  private final Counter published;

  AggregatePublisher(MongoClient mongo, KafkaProducer<String, String> producer, OutboxSource source, Counter published) {
    this.mongo = mongo;
    this.producer = producer;
    this.source = source;
    this.published = published;
  }

  /** Publishes what is pending and answers how many events were published. */
  Future<Integer> publishPending(Object aggregateId) {
    var byId = new JsonObject().put("_id", aggregateId);
    return mongo.findOne(source.collection(), byId, new JsonObject().put(Outbox.FIELD, 1)).compose(document -> {
      JsonArray entries = document == null ? null : document.getJsonArray(Outbox.FIELD);
      if (entries == null || entries.isEmpty()) {
        return Future.succeededFuture(0);
      }
      List<OutboxEvent> events = entries.stream().map(entry -> OutboxEvent.fromEntry((JsonObject) entry)).toList();
      return sendInOrder(key(aggregateId), events, 0)
        .compose(sent -> removeSent(byId, events))
        .map(removed -> events.size());
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
    return producer.send(record).onSuccess(metadata -> published.increment()).mapEmpty();
  }

  private Future<Void> removeSent(JsonObject byId, List<OutboxEvent> events) {
    var ids = new JsonArray(events.stream().map(OutboxEvent::id).toList());
    var pull = new JsonObject().put("$pull",
      new JsonObject().put(Outbox.FIELD, new JsonObject().put("id", new JsonObject().put("$in", ids))));
    return mongo.updateCollection(source.collection(), byId, pull).mapEmpty();
  }

  // the Kafka key is the aggregate id as text, so all of an aggregate's events share a partition
  static String key(Object aggregateId) {
    if (aggregateId instanceof JsonObject objectId && objectId.containsKey("$oid")) {
      return objectId.getString("$oid");
    }
    return String.valueOf(aggregateId);
  }
}
