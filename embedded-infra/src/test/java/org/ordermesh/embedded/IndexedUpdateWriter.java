package org.ordermesh.embedded;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The child process of the index kill -9 test: serves a file-backed store with a secondary index on
 * {@code (status, seq)} and, from many concurrent writers until killed, inserts documents and then moves
 * each to another status (which moves its index entry), printing each id once its insert is acknowledged.
 */
public final class IndexedUpdateWriter {

  static final String COLLECTION = "orders";
  static final String DATABASE = "durability";
  static final String INDEX = "status_seq";
  static final String ACK_PREFIX = "acked ";
  static final String ACK_SUFFIX = ";";

  private static final int WRITERS = 32;
  private static final AtomicLong NEXT_ID = new AtomicLong();

  private IndexedUpdateWriter() {
  }

  public static void main(String[] args) {
    EmbeddedMongo mongo = EmbeddedMongo.startFile(Path.of(args[0]), "127.0.0.1", 0);
    MongoClient client = MongoClient.create(Vertx.vertx(), new JsonObject()
        .put("connection_string", mongo.connectionString()).put("db_name", DATABASE));
    client.createIndexWithOptions(COLLECTION, new JsonObject().put("status", 1).put("seq", 1), new IndexOptions().name(INDEX))
        .onSuccess(created -> {
          for (int writer = 0; writer < WRITERS; writer++) {
            writeForever(client);
          }
        });
  }

  private static Future<Void> writeForever(MongoClient client) {
    long seq = NEXT_ID.incrementAndGet();
    String id = "order-" + seq;
    return client.insert(COLLECTION, new JsonObject().put("_id", id).put("status", "PENDING").put("seq", seq))
        .onSuccess(acked -> System.out.println(ACK_PREFIX + id + ACK_SUFFIX))
        .compose(acked -> client.updateCollection(COLLECTION, new JsonObject().put("_id", id),
            new JsonObject().put("$set", new JsonObject().put("status", seq % 3 == 0 ? "CANCELLED" : "CONFIRMED"))))
        .compose(updated -> writeForever(client));
  }
}
