package org.ordermesh.auth.keys;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.util.List;
import org.ordermesh.platform.mongo.IndexDeclaration;
import org.ordermesh.platform.mongo.MongoErrors;
import org.ordermesh.platform.mongo.MongoRepository;

/** Key records in {@code signing_keys}; the unique {@code generation} lets exactly one node add each key. */
final class SigningKeyRepository extends MongoRepository {

  SigningKeyRepository(MongoClient mongo) {
    super(mongo, "signing_keys");
  }

  @Override
  protected List<IndexDeclaration> indexes() {
    return List.of(IndexDeclaration.unique("generation_unique", new JsonObject().put("generation", 1)));
  }

  Future<List<JsonObject>> all() {
    return mongo.find(collection(), new JsonObject());
  }

  /** True when this node added the key, false when another node already added that generation. */
  Future<Boolean> insertIfGenerationFree(JsonObject record) {
    return mongo.insert(collection(), record).map(id -> true).recover(SigningKeyRepository::generationTaken);
  }

  Future<Void> delete(String kid) {
    return mongo.removeDocument(collection(), new JsonObject().put("_id", kid)).mapEmpty();
  }

  private static Future<Boolean> generationTaken(Throwable error) {
    return MongoErrors.isDuplicateKey(error) ? Future.succeededFuture(false) : Future.failedFuture(error);
  }
}
