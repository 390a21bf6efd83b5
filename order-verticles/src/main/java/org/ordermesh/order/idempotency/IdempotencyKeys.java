package org.ordermesh.order.idempotency;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import org.ordermesh.platform.mongo.MongoDates;
import org.ordermesh.platform.mongo.IndexDeclaration;
import org.ordermesh.platform.mongo.MongoErrors;
import org.ordermesh.platform.mongo.MongoRepository;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Idempotency keys of {@code POST /orders}, scoped to the caller. The first request with a key inserts
 * its record (the {@code _id} is a hash of caller and key, so the insert itself decides who is first)
 * with the body's fingerprint, the order id and the answer it is about to give: the answer is worked
 * out before anything is written, so the key is written once. Whether that answer holds is the order's
 * existence, which only a duplicate request asks. Records expire after 24 hours.
 */
public final class IdempotencyKeys extends MongoRepository {

  static final String COLLECTION = "idempotency_keys";
  private static final Duration KEPT_FOR = Duration.ofHours(24);

  /** What the arrival of a request with a key means. */
  public sealed interface Claim {

    /** First with this key (or taking over one whose first request died): go ahead with the order id. */
    record Granted() implements Claim {
    }

    /** The key was used before with the same body: its order {@code orderId}, answered by {@code response}. */
    record Used(String orderId, StoredResponse response, Instant startedAt, long version) implements Claim {
    }

    /** The key was used with another body. */
    record Mismatch() implements Claim {
    }

    /** The record expired between the insert that found it and the read: the client had better retry. */
    record Vanished() implements Claim {
    }
  }

  public IdempotencyKeys(MongoClient mongo) {
    super(mongo, COLLECTION);
  }

  @Override
  protected List<IndexDeclaration> indexes() {
    return List.of(IndexDeclaration.expiring("expires", "expiresAt", 0, TimeUnit.SECONDS));
  }

  public Future<Claim> claim(String id, String fingerprint, String orderId, StoredResponse response, Instant now) {
    var record = new JsonObject().put("_id", id).put("fingerprint", fingerprint).put("orderId", orderId)
      .put("response", response.toJson()).put("startedAt", MongoDates.of(now)).put("version", 0L)
      .put("expiresAt", MongoDates.of(now.plus(KEPT_FOR)));
    return mongo.insert(COLLECTION, record)
      .<Claim>map(inserted -> new Claim.Granted())
      .recover(error -> MongoErrors.isDuplicateKey(error)
        ? existing(id, fingerprint)
        : Future.failedFuture(error));
  }

  /**
   * The first request with the key died before its order was written: the caller that moves the record
   * on from the version it read continues, with the same order id and its own answer.
   */
  public Future<Boolean> takeOver(String id, Claim.Used used, StoredResponse response, Instant now) {
    var filter = new JsonObject().put("_id", id).put("version", used.version());
    var update = new JsonObject()
      .put("$set", new JsonObject().put("startedAt", MongoDates.of(now)).put("response", response.toJson()))
      .put("$inc", new JsonObject().put("version", 1));
    return mongo.updateCollection(COLLECTION, filter, update).map(result -> result.getDocModified() == 1);
  }

  /** Keeps the answer actually given, when the write found the order already there and answered with it. */
  public Future<Void> answered(String id, StoredResponse response) {
    return mongo.updateCollection(COLLECTION, new JsonObject().put("_id", id),
        new JsonObject().put("$set", new JsonObject().put("response", response.toJson()))
          .put("$inc", new JsonObject().put("version", 1)))
      .mapEmpty();
  }

  private Future<Claim> existing(String id, String fingerprint) {
    return mongo.findOne(COLLECTION, new JsonObject().put("_id", id), null).compose(record -> {
      if (record == null) {
        return Future.succeededFuture(new Claim.Vanished());
      }
      if (!fingerprint.equals(record.getString("fingerprint"))) {
        return Future.succeededFuture(new Claim.Mismatch());
      }
      return Future.succeededFuture(new Claim.Used(record.getString("orderId"),
        StoredResponse.fromJson(record.getJsonObject("response")), MongoDates.toInstant(record.getValue("startedAt")),
        record.getLong("version")));
    });
  }
}
