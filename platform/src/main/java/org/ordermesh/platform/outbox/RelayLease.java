package org.ordermesh.platform.outbox;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.ordermesh.platform.mongo.IndexDeclaration;
import org.ordermesh.platform.mongo.MongoErrors;
import org.ordermesh.platform.mongo.MongoRepository;

/**
 * The right to relay one service's outbox, held by one relay of the cluster at a time: a document
 * {@code {_id: "<service>-relay", owner, expiresAt, version}} taken and renewed by conditional updates on
 * {@code {_id, version}}, a point lookup in a unique index.
 * Two holders at once can only happen across a clock skew larger than the margin; the cost is duplicates.
 */
final class RelayLease extends MongoRepository {

  static final String COLLECTION = "outbox_relay_state";
  private static final int NOT_HELD = -1;

  private final String id;
  private final String owner;
  private final Duration ttl;
  private long version = NOT_HELD;
  private long heldUntilNanos;

  RelayLease(MongoClient mongo, String service, String nodeId, Duration ttl) {
    super(mongo, COLLECTION);
    this.id = service + "-relay";
    // several relays of one service may run on one node: the owner names this instance, not the node
    this.owner = nodeId + "/" + UUID.randomUUID();
    this.ttl = ttl;
  }

  @Override
  protected List<IndexDeclaration> indexes() {
    return List.of(IndexDeclaration.idAndVersion("id_version"));
  }

  /** Whether this relay may publish now: it holds the lease and its own clock says it has not run out. */
  boolean held() {
    return version != NOT_HELD && System.nanoTime() - heldUntilNanos < 0;
  }

  /** Renews the lease if held, else takes it if it is free or expired; answers whether it is held after. */
  Future<Boolean> acquireOrRenew() {
    long startedNanos = System.nanoTime();
    Future<Boolean> attempt = version == NOT_HELD ? acquire() : update(version);
    return attempt.map(held -> {
      if (held) {
        // counted from before the request, and a fifth short, so this relay stops before others see it expired
        heldUntilNanos = startedNanos + ttl.toNanos() * 4 / 5;
      } else {
        version = NOT_HELD;
      }
      return held;
    });
  }

  /** Hands the lease back so a successor need not wait for it to expire. */
  Future<Void> release() {
    if (version == NOT_HELD) {
      return Future.succeededFuture();
    }
    long held = version;
    version = NOT_HELD;
    return mongo.updateCollection(COLLECTION, new JsonObject().put("_id", id).put("version", held),
        new JsonObject().put("$set", new JsonObject().put("expiresAt", 0L)).put("$inc", new JsonObject().put("version", 1)))
      .mapEmpty();
  }

  private Future<Boolean> acquire() {
    return mongo.findOne(COLLECTION, new JsonObject().put("_id", id), null).compose(lease -> {
      long now = System.currentTimeMillis();
      if (lease == null) {
        return create(now);
      }
      boolean free = owner.equals(lease.getString("owner")) || lease.getLong("expiresAt", 0L) <= now;
      return free ? update(lease.getLong("version")) : Future.succeededFuture(false);
    });
  }

  private Future<Boolean> create(long now) {
    var lease = new JsonObject().put("_id", id).put("owner", owner).put("expiresAt", now + ttl.toMillis()).put("version", 1L);
    return mongo.insert(COLLECTION, lease)
      .map(inserted -> {
        version = 1;
        return true;
      })
      .recover(error -> MongoErrors.isDuplicateKey(error) ? Future.succeededFuture(false) : Future.failedFuture(error));
  }

  private Future<Boolean> update(long expected) {
    var set = new JsonObject().put("owner", owner).put("expiresAt", System.currentTimeMillis() + ttl.toMillis());
    return mongo.updateCollection(COLLECTION, new JsonObject().put("_id", id).put("version", expected),
        new JsonObject().put("$set", set).put("$inc", new JsonObject().put("version", 1)))
      .map(result -> {
        if (result.getDocMatched() == 1) {
          version = expected + 1;
          return true;
        }
        return false;
      });
  }
}
