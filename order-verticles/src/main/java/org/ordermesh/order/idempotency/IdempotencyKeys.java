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
 * its record (the {@code _id} is a hash of caller and key, so the insert itself decides who is first),
 * keeps the body's fingerprint and, once answered, the final response. Records expire after 24 hours.
 */
public final class IdempotencyKeys extends MongoRepository {

  static final String COLLECTION = "idempotency_keys";
  private static final Duration KEPT_FOR = Duration.ofHours(24);

  /** What the arrival of a request with a key means. */
  public sealed interface Claim {

    /** First with this key (or taking over one whose first request died): go ahead with {@code orderId}. */
    record Granted(String orderId) implements Claim {
    }

    /** Answered before: send the same response again. */
    record Replay(StoredResponse response) implements Claim {
    }

    /** The first request with this key is still being answered. */
    record InFlight() implements Claim {
    }

    /** The key was used with another body. */
    record Mismatch() implements Claim {
    }
  }

  private final Duration inFlightLimit;

  public IdempotencyKeys(MongoClient mongo, Duration inFlightLimit) {
    super(mongo, COLLECTION);
    this.inFlightLimit = inFlightLimit;
  }

  @Override
  protected List<IndexDeclaration> indexes() {
    return List.of(
      IndexDeclaration.idAndVersion("id_version"),
      IndexDeclaration.expiring("expires", "expiresAt", 0, TimeUnit.SECONDS));
  }

  public Future<Claim> claim(String id, String fingerprint, String newOrderId, Instant now) {
    var record = new JsonObject().put("_id", id).put("fingerprint", fingerprint).put("orderId", newOrderId)
      .put("state", "IN_FLIGHT").put("startedAt", MongoDates.of(now)).put("version", 0L)
      .put("expiresAt", MongoDates.of(now.plus(KEPT_FOR)));
    return mongo.insert(COLLECTION, record)
      .<Claim>map(inserted -> new Claim.Granted(newOrderId))
      .recover(error -> MongoErrors.isDuplicateKey(error)
        ? existing(id, fingerprint, now)
        : Future.failedFuture(error));
  }

  public Future<Void> complete(String id, StoredResponse response) {
    return mongo.updateCollection(COLLECTION, new JsonObject().put("_id", id),
        new JsonObject().put("$set", new JsonObject().put("state", "DONE").put("response", response.toJson()))
          .put("$inc", new JsonObject().put("version", 1)))
      .mapEmpty();
  }

  /** The request failed in a way worth retrying (a peer was unavailable): forget the key. */
  public Future<Void> abandon(String id) {
    return mongo.removeDocument(COLLECTION, new JsonObject().put("_id", id)).mapEmpty();
  }

  private Future<Claim> existing(String id, String fingerprint, Instant now) {
    return mongo.findOne(COLLECTION, new JsonObject().put("_id", id), null).compose(record -> {
      if (record == null) {
        return Future.succeededFuture(new Claim.InFlight());
      }
      if (!fingerprint.equals(record.getString("fingerprint"))) {
        return Future.succeededFuture(new Claim.Mismatch());
      }
      if ("DONE".equals(record.getString("state"))) {
        return Future.succeededFuture(new Claim.Replay(StoredResponse.fromJson(record.getJsonObject("response"))));
      }
      var startedAt = MongoDates.toInstant(record.getValue("startedAt"));
      if (startedAt.plus(inFlightLimit).isAfter(now)) {
        return Future.succeededFuture(new Claim.InFlight());
      }
      return takeOver(record, now);
    });
  }

  // The first request died mid-way; the one that bumps the version continues with the same order id.
  private Future<Claim> takeOver(JsonObject record, Instant now) {
    var filter = new JsonObject().put("_id", record.getString("_id")).put("version", record.getLong("version"));
    var update = new JsonObject().put("$set", new JsonObject().put("startedAt", MongoDates.of(now)))
      .put("$inc", new JsonObject().put("version", 1));
    return mongo.updateCollection(COLLECTION, filter, update).map(result -> result.getDocModified() == 1
      ? new Claim.Granted(record.getString("orderId"))
      : new Claim.InFlight());
  }
}
