package org.ordermesh.platform.mongo;

import io.vertx.core.Future;
import io.vertx.ext.mongo.MongoClient;

import java.util.List;

/**
 * Base of every repository: it names its collection and declares the indexes its queries need, next
 * to the queries themselves, and creates them at start-up.
 */
public abstract class MongoRepository {

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

  public Future<Void> ensureIndexes() {
    return Future.all(indexes().stream()
        .map(index -> mongo.createIndexWithOptions(collection, index.keys(), index.options()))
        .toList())
      .mapEmpty();
  }
}
