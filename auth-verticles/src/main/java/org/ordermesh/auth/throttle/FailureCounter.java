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
import org.ordermesh.platform.mongo.IndexDeclaration;
import org.ordermesh.platform.mongo.MongoDates;
import org.ordermesh.platform.mongo.MongoErrors;
import org.ordermesh.platform.mongo.MongoRepository;

/**
 * Attempts per key ({@code account:<email>}, {@code address:<ip>}, ...) in fixed windows, in Mongo so every
 * node sees them and a restart forgets nothing. A slot is taken by one conditional update ("fewer than the
 * limit in a window that has not ended"), so parallel attempts can never take more slots than the limit;
 * each write finds its record by {@code _id} (the upsert that finds none collides with it on that key); a TTL
 * index removes windows that have passed.
 */
final class FailureCounter extends MongoRepository {

  // a stale window replaced by a parallel writer, or removed meanwhile, means trying again; never more than this
  private static final int MAX_TRIES = 4;

  FailureCounter(MongoClient mongo) {
    super(mongo, "login_failures");
  }

  @Override
  protected List<IndexDeclaration> indexes() {
    return List.of(IndexDeclaration.expiring("expires", "expiresAt", 0, TimeUnit.SECONDS));
  }

  /** Takes one of the key's {@code limit} slots in its current window: 0, or the seconds until a slot frees up. */
  Future<Long> take(String key, int limit, Instant now, Duration length) {
    return take(key, limit, now, length, 1);
  }

  private Future<Long> take(String key, int limit, Instant now, Duration length, int attempt) {
    JsonObject slotFree = new JsonObject().put("_id", key)
        .put("failures", new JsonObject().put("$lt", limit))
        .put("windowStart", new JsonObject().put("$gt", MongoDates.of(now.minus(length))));
    JsonObject update = new JsonObject()
        .put("$inc", new JsonObject().put("failures", 1))
        .put("$setOnInsert", new JsonObject()
            .put("windowStart", MongoDates.of(now))
            .put("expiresAt", MongoDates.of(now.plus(length))));
    return mongo.findOneAndUpdateWithOptions(collection(), slotFree, update, new FindOptions(), new UpdateOptions().setUpsert(true))
        .map(taken -> 0L)
        // the upsert collides with the key's record when that is full or its window has ended
        .recover(error -> MongoErrors.isDuplicateKey(error) && attempt < MAX_TRIES
            ? notTaken(key, limit, now, length, attempt)
            : Future.failedFuture(error));
  }

  private Future<Long> notTaken(String key, int limit, Instant now, Duration length, int attempt) {
    return mongo.findOne(collection(), new JsonObject().put("_id", key), null).compose(doc -> {
      if (doc == null) {
        return take(key, limit, now, length, attempt + 1);
      }
      Instant endsAt = MongoDates.read(doc, "windowStart").plus(length);
      if (!now.isBefore(endsAt)) {
        return restart(key, doc.getJsonObject("windowStart"), limit, now, length, attempt);
      }
      if (doc.getLong("failures", 0L) < limit) {
        return take(key, limit, now, length, attempt + 1);
      }
      return Future.succeededFuture(Math.max(1, Duration.between(now, endsAt).toSeconds() + 1));
    });
  }

  // only the writer that still sees the ended window opens the next one, with its slot; a loser tries again
  private Future<Long> restart(String key, JsonObject staleStart, int limit, Instant now, Duration length, int attempt) {
    JsonObject fresh = new JsonObject().put("$set", new JsonObject()
        .put("failures", 1)
        .put("windowStart", MongoDates.of(now))
        .put("expiresAt", MongoDates.of(now.plus(length))));
    return mongo.updateCollection(collection(), new JsonObject().put("_id", key).put("windowStart", staleStart), fresh)
        .compose(result -> result.getDocModified() == 1
            ? Future.succeededFuture(0L)
            : take(key, limit, now, length, attempt + 1));
  }

  /** Gives back a slot taken for an attempt that turned out to be legitimate. */
  Future<Void> giveBack(String key) {
    return mongo.updateCollection(collection(),
            new JsonObject().put("_id", key).put("failures", new JsonObject().put("$gt", 0)),
            new JsonObject().put("$inc", new JsonObject().put("failures", -1)))
        .mapEmpty();
  }

  Future<Void> clear(String key) {
    return mongo.removeDocument(collection(), new JsonObject().put("_id", key)).mapEmpty();
  }
}
