package org.ordermesh.platform.outbox;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import java.time.Instant;
import java.util.List;
import org.ordermesh.platform.mongo.IndexDeclaration;
import org.ordermesh.platform.mongo.MongoRepository;

/**
 * Where each source's relay stands in its change stream: one document per source collection,
 * {@code {_id: "<collection>", token: {_data}, savedAt, owner}}, in the service's own database. A relay
 * that takes over (after a restart, or on another node) resumes after the saved token; everything before it
 * has been published. Read and written by {@code _id} only.
 */
final class ResumeTokens extends MongoRepository {

  static final String COLLECTION = "outbox_resume_tokens";

  private final String owner;

  ResumeTokens(MongoClient mongo, String owner) {
    super(mongo, COLLECTION);
    this.owner = owner;
  }

  @Override
  protected List<IndexDeclaration> indexes() {
    return List.of();
  }

  /** The token saved for the source, or null when none is. */
  Future<JsonObject> load(String sourceCollection) {
    return mongo.findOne(COLLECTION, new JsonObject().put("_id", sourceCollection), null)
      .map(saved -> saved == null ? null : saved.getJsonObject("token"));
  }

  Future<Void> save(String sourceCollection, JsonObject token) {
    var document = new JsonObject().put("_id", sourceCollection).put("token", token)
      .put("savedAt", new JsonObject().put("$date", Instant.now().toString())).put("owner", owner);
    return mongo.replaceDocumentsWithOptions(COLLECTION, new JsonObject().put("_id", sourceCollection), document,
        new UpdateOptions().setUpsert(true))
      .mapEmpty();
  }

  /** Forgets the source's token: the stream no longer holds its position (the oplog was trimmed past it). */
  Future<Void> forget(String sourceCollection) {
    return mongo.removeDocument(COLLECTION, new JsonObject().put("_id", sourceCollection)).mapEmpty();
  }
}
