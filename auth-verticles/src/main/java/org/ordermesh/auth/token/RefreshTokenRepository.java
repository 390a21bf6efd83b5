package org.ordermesh.auth.token;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ordermesh.platform.mongo.MongoDates;
import org.ordermesh.platform.mongo.IndexDeclaration;
import org.ordermesh.platform.mongo.MongoRepository;

/**
 * Refresh tokens by the SHA-256 of their value ({@code refresh_tokens}) and their families
 * ({@code token_families}). Revoking a family is one write to its record; every read and conditional
 * update finds its document by {@code _id} (a rotation also checks the state), revoking a user's sessions
 * finds them by {@code subject}; TTL indexes drop what has expired.
 */
final class RefreshTokenRepository extends MongoRepository {

  static final String ACTIVE = "active";
  static final String ROTATED = "rotated";
  private static final String FAMILIES = "token_families";

  RefreshTokenRepository(MongoClient mongo) {
    super(mongo, "refresh_tokens");
  }

  @Override
  protected List<IndexDeclaration> indexes() {
    return List.of(IndexDeclaration.expiring("expires", "expiresAt", 0, TimeUnit.SECONDS));
  }

  @Override
  public Future<Void> ensureIndexes() {
    return super.ensureIndexes().compose(v -> mongo.createIndexWithOptions(FAMILIES, new JsonObject().put("expiresAt", 1),
            IndexDeclaration.expiring("expires", "expiresAt", 0, TimeUnit.SECONDS).options()))
        // revoking a user's sessions finds its families by subject
        .compose(v -> mongo.createIndexWithOptions(FAMILIES, new JsonObject().put("subject", 1),
            new IndexOptions().name("subject")));
  }

  Future<Void> insertFamily(String family, String subject, Instant expiresAt) {
    return mongo.insert(FAMILIES, new JsonObject().put("_id", family).put("subject", subject).put("revoked", false)
        .put("expiresAt", MongoDates.of(expiresAt))).mapEmpty();
  }

  Future<Void> insertToken(String hash, String family, String subject, Instant expiresAt) {
    return mongo.insert(collection(), new JsonObject().put("_id", hash).put("family", family).put("subject", subject)
        .put("state", ACTIVE).put("expiresAt", MongoDates.of(expiresAt))).mapEmpty();
  }

  Future<JsonObject> findToken(String hash) {
    return mongo.findOne(collection(), new JsonObject().put("_id", hash), null);
  }

  Future<JsonObject> findFamily(String family) {
    return mongo.findOne(FAMILIES, new JsonObject().put("_id", family), null);
  }

  /** Marks an active token rotated; false when it was not active any more (another request used it first). */
  Future<Boolean> markRotated(String hash) {
    return mongo.updateCollection(collection(), new JsonObject().put("_id", hash).put("state", ACTIVE),
            new JsonObject().put("$set", new JsonObject().put("state", ROTATED)))
        .map(result -> result.getDocModified() == 1);
  }

  Future<Void> extendFamily(String family, Instant expiresAt) {
    return mongo.updateCollection(FAMILIES, new JsonObject().put("_id", family),
        new JsonObject().put("$set", new JsonObject().put("expiresAt", MongoDates.of(expiresAt)))).mapEmpty();
  }

  /** Revokes every family of the subject: one multi-document update, each family one flag. */
  Future<Void> revokeFamiliesOf(String subject) {
    return mongo.updateCollectionWithOptions(FAMILIES, new JsonObject().put("subject", subject).put("revoked", false),
        new JsonObject().put("$set", new JsonObject().put("revoked", true)), new UpdateOptions().setMulti(true)).mapEmpty();
  }

  Future<Void> revokeFamily(String family) {
    return mongo.updateCollection(FAMILIES, new JsonObject().put("_id", family),
        new JsonObject().put("$set", new JsonObject().put("revoked", true))).mapEmpty();
  }
}
