package org.ordermesh.catalog.inventory;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.ordermesh.catalog.inventory.Reservation.State;
import org.ordermesh.platform.mongo.IndexDeclaration;
import org.ordermesh.platform.mongo.MongoDates;
import org.ordermesh.platform.mongo.MongoErrors;
import org.ordermesh.platform.mongo.MongoRepository;

/**
 * Reservations, {@code _id} = order id, so "one per order" is the primary key and a repeated reserve finds the
 * first. Transitions are updates filtered by {@code {_id, version}}: found by {@code _id}, guarded by the version.
 */
public final class ReservationRepository extends MongoRepository {

  public static final String COLLECTION = "reservations";
  private static final int SWEEP_BATCH = 100;

  private final Duration retention;

  public ReservationRepository(MongoClient mongo, Duration retention) {
    super(mongo, COLLECTION);
    this.retention = retention;
  }

  @Override
  protected List<IndexDeclaration> indexes() {
    return List.of(
        // the sweeper's range query; settled reservations have no due and stay out of it (sparse)
        new IndexDeclaration("reservations_due", new JsonObject().put("due", 1),
            new IndexOptions().name("reservations_due").sparse(true)),
        IndexDeclaration.expiring("reservations_retention", "settledAt", retention.toSeconds(), TimeUnit.SECONDS));
  }

  /** Writes the reservation unless the order has one: empty when written, the order's existing one otherwise. */
  public Future<Optional<Reservation>> insertIfAbsent(Reservation reservation) {
    return mongo.insert(COLLECTION, reservation.toDocument(Instant.now())).map(Optional.<Reservation>empty())
        .recover(failure -> MongoErrors.isDuplicateKey(failure)
            ? find(reservation.orderId()).map(existing -> Optional.of(existing.orElseThrow()))
            : Future.failedFuture(failure));
  }

  public Future<Optional<Reservation>> find(String orderId) {
    return mongo.findOne(COLLECTION, new JsonObject().put("_id", orderId), null)
        .map(doc -> Optional.ofNullable(doc).map(Reservation::fromDocument));
  }

  /**
   * Moves the reservation to {@code state} if nobody moved it since it was read; empty otherwise. A null {@code due}
   * writes the move as settled: the sweeper forgets it and retention starts (the stock follows a decision after it
   * is written, and the sweeper's hold check finishes that if the deciding node dies in between).
   */
  public Future<Optional<Reservation>> transition(Reservation from, State state, Instant due, String reason) {
    Instant now = Instant.now();
    JsonObject set = new JsonObject().put("state", state.name()).put("updatedAt", MongoDates.of(now));
    JsonObject update = new JsonObject().put("$set", set);
    if (due == null) {
      set.put("settledAt", MongoDates.of(now));
      update.put("$unset", new JsonObject().put("due", ""));
    } else {
      set.put("due", MongoDates.of(due));
    }
    if (reason != null) {
      set.put("reason", reason);
    }
    return update(from, update)
        .map(moved -> moved ? Optional.of(new Reservation(from.orderId(), state, from.lines(), from.expiresAt(), due,
            reason == null ? from.reason() : reason, from.version() + 1, from.holdId())) : Optional.empty());
  }

  /** The stock has followed a decision written unsettled (before decisions were written settled): the sweeper can forget it. */
  public Future<Void> markSettled(Reservation reservation) {
    Instant now = Instant.now();
    return update(reservation, new JsonObject()
        .put("$set", new JsonObject().put("settledAt", MongoDates.of(now)).put("updatedAt", MongoDates.of(now)))
        .put("$unset", new JsonObject().put("due", "")))
        .mapEmpty();
  }

  /** Reservations the sweeper must look at now, oldest first. */
  public Future<List<Reservation>> due(Instant now) {
    return mongo.findWithOptions(COLLECTION, new JsonObject().put("due", new JsonObject().put("$lte", MongoDates.of(now))),
            new FindOptions().setSort(new JsonObject().put("due", 1)).setLimit(SWEEP_BATCH))
        .map(docs -> docs.stream().map(Reservation::fromDocument).toList());
  }

  private Future<Boolean> update(Reservation from, JsonObject update) {
    JsonObject atVersion = new JsonObject().put("_id", from.orderId()).put("version", from.version());
    return mongo.updateCollection(COLLECTION, atVersion, update.put("$inc", new JsonObject().put("version", 1)))
        .map(result -> result.getDocMatched() == 1);
  }
}
