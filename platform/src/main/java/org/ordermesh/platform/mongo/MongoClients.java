package org.ordermesh.platform.mongo;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import org.ordermesh.platform.trace.TracedMongo;

/** One pooled client per service database, shared by every verticle of that service on a node. */
public final class MongoClients {

  private MongoClients() {
  }

  public static MongoClient shared(Vertx vertx, String connectionString, String database) {
    var config = new JsonObject()
      .put("connection_string", connectionString)
      .put("db_name", database)
      // fail fast when the server is gone, so readiness and callers see it within seconds
      .put("serverSelectionTimeoutMS", 3_000)
      .put("connectTimeoutMS", 3_000);
    return TracedMongo.wrap(vertx, MongoClient.createShared(vertx, config, "mongo-" + database), database);
  }
}
