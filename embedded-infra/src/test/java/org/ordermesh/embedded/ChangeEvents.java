package org.ordermesh.embedded;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.mongo.MongoClient;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Change streams opened as a raw {@code $changeStream} aggregation, the one way vertx-mongo-client takes a resume token. */
final class ChangeEvents {

  // the stream opens its server cursor asynchronously, so inserts repeat until one is seen
  private static final long INSERT_EVERY_MILLIS = 100;

  final List<JsonObject> events = new CopyOnWriteArrayList<>();
  final Promise<Throwable> failed = Promise.promise();
  private final ReadStream<JsonObject> stream;

  private ChangeEvents(ReadStream<JsonObject> stream) {
    this.stream = stream.exceptionHandler(failed::tryComplete).handler(events::add);
  }

  static ChangeEvents open(MongoClient client, String collection, JsonObject options) {
    return new ChangeEvents(client.aggregate(collection, new JsonArray().add(new JsonObject().put("$changeStream", options))));
  }

  void close() {
    stream.handler(null);
  }

  List<Object> ids() {
    return events.stream().map(event -> event.getJsonObject("documentKey").getValue("_id")).toList();
  }

  /**
   * Inserts {@code prefix-1}, {@code prefix-2}... into the collection until the stream has seen one, then
   * answers how many were inserted, every insert acknowledged.
   */
  Future<Integer> insertUntilSeen(Vertx vertx, MongoClient client, String collection, String prefix) {
    Promise<Integer> done = Promise.promise();
    insertUntilSeen(vertx, client, collection, prefix, new AtomicInteger(), done);
    return done.future();
  }

  private void insertUntilSeen(Vertx vertx, MongoClient client, String collection, String prefix, AtomicInteger inserted,
                               Promise<Integer> done) {
    vertx.setTimer(INSERT_EVERY_MILLIS, timer -> {
      if (!events.isEmpty()) {
        done.tryComplete(inserted.get());
        return;
      }
      client.insert(collection, new JsonObject().put("_id", prefix + "-" + (inserted.get() + 1)))
          .onSuccess(id -> {
            inserted.incrementAndGet();
            insertUntilSeen(vertx, client, collection, prefix, inserted, done);
          })
          .onFailure(done::tryFail);
    });
  }
}
