package org.ordermesh.platform.mongo;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.time.Duration;
import java.time.Instant;

/**
 * Deletes the documents of a collection whose date in {@code field} is older than {@code age}: what a
 * TTL index does on a real MongoDB, which the embedded store does not (mongo-java-server accepts TTL
 * indexes but never expires anything). On a real MongoDB it finds nothing left to delete. Made from a
 * repository's expiring index declarations ({@link MongoRepository#purgeExpiredEvery}).
 */
public final class ExpiryPurge {

  private final MongoClient mongo;
  private final String collection;
  private final String field;
  private final Duration age;

  public ExpiryPurge(MongoClient mongo, String collection, String field, Duration age) {
    this.mongo = mongo;
    this.collection = collection;
    this.field = field;
    this.age = age;
  }

  /** Deletes what expired before {@code now}; the number deleted. */
  public Future<Long> purge(Instant now) {
    var cutoff = new JsonObject().put(field, new JsonObject().put("$lt", MongoDates.of(now.minus(age))));
    return mongo.removeDocuments(collection, cutoff).map(result -> result == null ? 0L : result.getRemovedCount());
  }
}
