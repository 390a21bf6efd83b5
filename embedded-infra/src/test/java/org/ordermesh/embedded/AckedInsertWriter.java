package org.ordermesh.embedded;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The child process of the kill -9 test: serves a file-backed store and inserts into it from many
 * concurrent writers until killed, printing the id of each insert once it is acknowledged.
 */
public final class AckedInsertWriter {

  static final String COLLECTION = "orders";
  static final String DATABASE = "durability";
  static final String ACK_PREFIX = "acked ";
  // ends every ack line, so a line cut short by the kill is not mistaken for another id
  static final String ACK_SUFFIX = ";";

  private static final int WRITERS = 32;
  private static final AtomicLong NEXT_ID = new AtomicLong();

  private AckedInsertWriter() {
  }

  public static void main(String[] args) {
    EmbeddedMongo mongo = EmbeddedMongo.startFile(Path.of(args[0]), "127.0.0.1", 0);
    MongoClient client = MongoClient.create(Vertx.vertx(), new JsonObject()
        .put("connection_string", mongo.connectionString()).put("db_name", DATABASE));
    for (int writer = 0; writer < WRITERS; writer++) {
      insertForever(client);
    }
  }

  private static Future<Void> insertForever(MongoClient client) {
    String id = "order-" + NEXT_ID.incrementAndGet();
    return client.insert(COLLECTION, new JsonObject().put("_id", id).put("status", "PENDING"))
        .onSuccess(acked -> System.out.println(ACK_PREFIX + id + ACK_SUFFIX))
        .compose(acked -> insertForever(client));
  }
}
