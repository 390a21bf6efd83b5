package org.ordermesh.platform.outbox;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.util.List;

/** A test service's writes: counters that change state and record an event in one update, as services do. */
final class Aggregates {

  static final String COLLECTION = "counters";
  static final String TYPE = "org.ordermesh.test.CounterIncremented.v1";

  private final MongoClient mongo;

  Aggregates(MongoClient mongo) {
    this.mongo = mongo;
  }

  /** Creates a counter at 0 with its CounterCreated event; answers the event. */
  OutboxEvent create(String id) {
    return create(id, created(id));
  }

  OutboxEvent create(String id, OutboxEvent event) {
    Blocking.await(mongo.insert(COLLECTION, Outbox.attach(new JsonObject().put("_id", id).put("value", 0), List.of(event))));
    return event;
  }

  static OutboxEvent created(String id) {
    return OutboxEvent.of("org.ordermesh.test.CounterCreated.v1", id, new JsonObject().put("value", 0));
  }

  /** Increments the counter and records the new value as an event; answers the event. */
  OutboxEvent increment(String id, int newValue) {
    var event = OutboxEvent.of(TYPE, id, new JsonObject().put("value", newValue));
    var update = Outbox.push(new JsonObject().put("$set", new JsonObject().put("value", newValue)), List.of(event));
    Blocking.await(mongo.updateCollection(COLLECTION, new JsonObject().put("_id", id), update));
    return event;
  }

  /** The counter's outbox as stored now, as its writer would have seen it after writing. */
  JsonArray outbox(String id) {
    return Blocking.await(mongo.findOne(COLLECTION, new JsonObject().put("_id", id), null)).getJsonArray(Outbox.FIELD);
  }

  int pending(String id) {
    var document = Blocking.await(mongo.findOne(COLLECTION, new JsonObject().put("_id", id), null));
    return document.getJsonArray(Outbox.FIELD).size();
  }
}
