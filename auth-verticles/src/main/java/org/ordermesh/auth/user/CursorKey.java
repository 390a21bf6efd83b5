package org.ordermesh.auth.user;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.ordermesh.platform.http.page.CursorCodec;
import org.ordermesh.platform.mongo.IndexDeclaration;
import org.ordermesh.platform.mongo.MongoErrors;
import org.ordermesh.platform.mongo.MongoRepository;

/**
 * The key that signs list cursors, made once per database and shared through it, so any node can serve the
 * next page of a list another node started.
 */
public final class CursorKey extends MongoRepository {

  private static final String ID = "cursor-key";

  public CursorKey(MongoClient mongo) {
    super(mongo, "service_secrets");
  }

  @Override
  protected List<IndexDeclaration> indexes() {
    return List.of();
  }

  /** The stored key's codec; the first node to start stores a random one, the others read it. */
  public Future<CursorCodec> codec() {
    byte[] candidate = new byte[32];
    new SecureRandom().nextBytes(candidate);
    JsonObject record = new JsonObject().put("_id", ID).put("value", Base64.getEncoder().encodeToString(candidate));
    return mongo.insert(collection(), record)
        .recover(CursorKey::alreadyStored)
        .compose(v -> mongo.findOne(collection(), new JsonObject().put("_id", ID), null))
        .map(stored -> new CursorCodec(Base64.getDecoder().decode(stored.getString("value"))));
  }

  private static Future<String> alreadyStored(Throwable error) {
    return MongoErrors.isDuplicateKey(error) ? Future.succeededFuture() : Future.failedFuture(error);
  }
}
