package org.ordermesh.auth.throttle;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ordermesh.platform.mongo.MongoDates;
import org.ordermesh.platform.mongo.IndexDeclaration;
import org.ordermesh.platform.mongo.MongoRepository;

/**
 * Failed logins per key ({@code account:<email>}, {@code address:<ip>}) in fixed windows, in Mongo so every
 * node sees them and a restart forgets nothing. Each write filters by equality on a unique index; a TTL index
 * removes windows that have passed.
 */
final class FailureCounter extends MongoRepository {

  /** A key's current window: failures so far and when the window ends. */
  record Window(long failures, Instant endsAt) {
  }

  FailureCounter(MongoClient mongo) {
    super(mongo, "login_failures");
  }

  @Override
  protected List<IndexDeclaration> indexes() {
    return List.of(
        IndexDeclaration.unique("id_window", new JsonObject().put("_id", 1).put("windowStart", 1)),
        IndexDeclaration.expiring("expires", "expiresAt", 0, TimeUnit.SECONDS));
  }

  /** The key's window, or null when it has none open at {@code now}. */
  Future<Window> current(String key, Instant now, Duration length) {
    return mongo.findOne(collection(), new JsonObject().put("_id", key), null)
        .map(doc -> doc == null ? null : window(doc, length))
        .map(window -> window == null || !now.isBefore(window.endsAt()) ? null : window);
  }

  /** Counts one failure, opening a new window when the last one has passed. */
  Future<Window> recordFailure(String key, Instant now, Duration length) {
    JsonObject update = new JsonObject()
        .put("$inc", new JsonObject().put("failures", 1))
        .put("$setOnInsert", new JsonObject()
            .put("windowStart", MongoDates.of(now))
            .put("expiresAt", MongoDates.of(now.plus(length))));
    return mongo.findOneAndUpdateWithOptions(collection(), new JsonObject().put("_id", key), update,
            new FindOptions(), new UpdateOptions().setUpsert(true).setReturningNewDocument(true))
        .compose(doc -> now.isBefore(window(doc, length).endsAt())
            ? Future.succeededFuture(window(doc, length))
            : restart(key, doc.getJsonObject("windowStart"), now, length));
  }

  Future<Void> clear(String key) {
    return mongo.removeDocument(collection(), new JsonObject().put("_id", key)).mapEmpty();
  }

  // only the writer that still sees the stale window replaces it; a loser counts again in the new one
  private Future<Window> restart(String key, JsonObject staleStart, Instant now, Duration length) {
    JsonObject fresh = new JsonObject().put("$set", new JsonObject()
        .put("failures", 1)
        .put("windowStart", MongoDates.of(now))
        .put("expiresAt", MongoDates.of(now.plus(length))));
    return mongo.updateCollection(collection(), new JsonObject().put("_id", key).put("windowStart", staleStart), fresh)
        .compose(result -> result.getDocModified() == 1
            ? Future.succeededFuture(new Window(1, now.plus(length)))
            : recordFailure(key, now, length));
  }

  private static Window window(JsonObject doc, Duration length) {
    return new Window(doc.getLong("failures", 0L), MongoDates.read(doc, "windowStart").plus(length));
  }
}
