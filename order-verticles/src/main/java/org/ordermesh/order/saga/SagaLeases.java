package org.ordermesh.order.saga;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import org.ordermesh.platform.http.ApiException;
import org.ordermesh.platform.mongo.DelayedBulkWrites;
import org.ordermesh.platform.mongo.IndexDeclaration;
import org.ordermesh.platform.mongo.MongoDates;
import org.ordermesh.platform.mongo.MongoErrors;
import org.ordermesh.platform.mongo.MongoRepository;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Who drives which saga. One document per saga in flight, deleted when the saga ends, so the look
 * for lapsed leases scans only sagas in flight, however many orders are stored. Taking or renewing a
 * lease is a conditional update on {@code (_id, version)}: found by {@code _id}, guarded by the version.
 */
public final class SagaLeases extends MongoRepository {

  static final String COLLECTION = "saga_leases";

  // releases wait to be deleted together; null where leases are only created
  private final DelayedBulkWrites releases;

  /** Leases as the placement uses them: created, never released. */
  public SagaLeases(MongoClient mongo) {
    super(mongo, COLLECTION);
    this.releases = null;
  }

  /**
   * Leases as an orchestrator uses them: a finished saga's lease is deleted with others a moment later.
   * Until then it stays in the scan for lapsed leases only if it also runs out, and whoever resumes it
   * finds the saga done and releases it again.
   */
  SagaLeases(Vertx vertx, MongoClient mongo, Duration releaseDelay) {
    super(mongo, COLLECTION);
    this.releases = new DelayedBulkWrites(vertx, mongo, COLLECTION, releaseDelay);
  }

  /** A lease as read: whoever updates it must name the version it read. */
  public record Lease(String orderId, String owner, Instant expiresAt, long version) {

    boolean expired(Instant now) {
      return expiresAt.isBefore(now);
    }
  }

  @Override
  protected List<IndexDeclaration> indexes() {
    return List.of(IndexDeclaration.of("expires", new JsonObject().put("expiresAt", 1)));
  }

  /** The lease of a saga that starts now, held by its creator. */
  public Future<Lease> create(String orderId, String owner, Instant until) {
    var lease = new Lease(orderId, owner, until, 0);
    return mongo.insert(COLLECTION, toDocument(lease)).map(id -> lease);
  }

  /** Takes (or renews) {@code lease} for {@code owner} if nobody changed it since it was read. */
  public Future<Optional<Lease>> claim(Lease lease, String owner, Instant until) {
    var claimed = new Lease(lease.orderId(), owner, until, lease.version() + 1);
    var filter = new JsonObject().put("_id", lease.orderId()).put("version", lease.version());
    var fields = toDocument(claimed);
    fields.remove("_id");
    return mongo.updateCollection(COLLECTION, filter, new JsonObject().put("$set", fields))
      .map(result -> result.getDocModified() == 1 ? Optional.of(claimed) : Optional.empty());
  }

  /**
   * The lease of an ended saga that an operator restarts, for {@code owner}: created, or taken over from
   * whoever holds it (a run still holding it finds it taken at its next renewal, and its writes conflict).
   * A lease deleted or changed meanwhile (a finished saga's delayed release) is looked at again, a few times.
   */
  public Future<Lease> take(String orderId, String owner, Instant until) {
    return take(orderId, owner, until, 3);
  }

  private Future<Lease> take(String orderId, String owner, Instant until, int attempts) {
    return mongo.findOne(COLLECTION, new JsonObject().put("_id", orderId), null)
      .compose(found -> found == null
        ? create(orderId, owner, until).map(Optional::of)
          .recover(error -> MongoErrors.isDuplicateKey(error) ? Future.succeededFuture(Optional.empty()) : Future.failedFuture(error))
        : claim(fromDocument(found), owner, until))
      .compose(taken -> {
        if (taken.isPresent()) {
          return Future.succeededFuture(taken.get());
        }
        return attempts > 1 ? take(orderId, owner, until, attempts - 1)
          : Future.failedFuture(ApiException.conflict("the saga of order " + orderId + " changed hands meanwhile; retry")
            .withRetryAfter(1));
      });
  }

  /** Leases that ran out: their sagas are waiting for an orchestrator. */
  public Future<List<Lease>> lapsed(Instant now, int limit) {
    var query = new JsonObject().put("expiresAt", new JsonObject().put("$lt", MongoDates.of(now)));
    return mongo.findWithOptions(COLLECTION, query, new FindOptions().setLimit(limit))
      .map(docs -> docs.stream().map(SagaLeases::fromDocument).toList());
  }

  public Future<Void> release(Lease lease) {
    var filter = new JsonObject().put("_id", lease.orderId()).put("version", lease.version());
    if (releases != null) {
      releases.add(BulkOperation.createDelete(filter));
      return Future.succeededFuture();
    }
    return mongo.removeDocument(COLLECTION, filter).mapEmpty();
  }

  /** Deletes the released leases still waiting. */
  Future<Void> flushReleases() {
    return releases == null ? Future.succeededFuture() : releases.flush();
  }

  private static JsonObject toDocument(Lease lease) {
    return new JsonObject().put("_id", lease.orderId()).put("owner", lease.owner())
      .put("expiresAt", MongoDates.of(lease.expiresAt())).put("version", lease.version());
  }

  private static Lease fromDocument(JsonObject doc) {
    return new Lease(doc.getString("_id"), doc.getString("owner"), MongoDates.toInstant(doc.getValue("expiresAt")),
      doc.getLong("version"));
  }
}
