package org.ordermesh.platform.mongo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mongo.MongoClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Base of every repository: it names its collection and declares the indexes its queries need, next
 * to the queries themselves, and creates them at start-up.
 */
public abstract class MongoRepository {

  private static final Logger log = LoggerFactory.getLogger(MongoRepository.class);

  protected final MongoClient mongo;
  private final String collection;

  protected MongoRepository(MongoClient mongo, String collection) {
    this.mongo = mongo;
    this.collection = collection;
  }

  protected final String collection() {
    return collection;
  }

  protected abstract List<IndexDeclaration> indexes();

  /**
   * Runs, every {@code interval}, the purge of each expiring index this repository declares: a real
   * MongoDB's TTL monitor expires those documents, the embedded store never does. The timer id, for
   * {@link Vertx#cancelTimer}.
   */
  public long purgeExpiredEvery(Vertx vertx, Duration interval) {
    var purges = indexes().stream().flatMap(index -> index.purge(mongo, collection).stream()).toList();
    return vertx.setPeriodic(interval.toMillis(), tick -> {
      var now = Instant.now();
      purges.forEach(purge -> purge.purge(now)
        .onFailure(error -> log.warn("purging {} failed: {}", collection, error.getMessage())));
    });
  }

  public Future<Void> ensureIndexes() {
    return Future.all(indexes().stream()
        .map(index -> mongo.createIndexWithOptions(collection, index.keys(), index.options()))
        .toList())
      .mapEmpty();
  }
}
