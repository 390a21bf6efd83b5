package org.ordermesh.catalog.inventory;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Instant;
import org.ordermesh.catalog.CatalogConfig;
import org.ordermesh.platform.mongo.MongoClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every few seconds, releases reservations whose expiry passed without a commit (and PENDING ones a dead node
 * left behind), and settles decisions whose stock has not followed yet. Every node may run one: each visit is a
 * conditional transition, so two sweepers never release twice. Hourly, it also deletes reservations settled
 * longer ago than the retention.
 */
public class ReservationSweeperVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(ReservationSweeperVerticle.class);
  private static final long PURGE_INTERVAL_MILLIS = 3_600_000;

  private ReservationRepository repository;
  private Reservations reservations;
  private long timer;
  private long purgeTimer;
  private boolean sweeping;

  @Override
  public Future<?> start() {
    var config = CatalogConfig.from(config());
    var service = config.service();
    var mongo = MongoClients.shared(vertx, service.platform().mongoUri(), service.database());
    repository = new ReservationRepository(mongo, config.reservationRetention());
    var inventory = new InventoryRepository(vertx, mongo, config.lowStockThreshold());
    reservations = new Reservations(repository, inventory, config.reservationTtl());
    timer = vertx.setPeriodic(config.sweepInterval().toMillis(), id -> sweep());
    purgeTimer = vertx.setPeriodic(PURGE_INTERVAL_MILLIS, id -> purge());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    vertx.cancelTimer(purgeTimer);
    return Future.succeededFuture();
  }

  private void purge() {
    repository.purgeSettled(Instant.now())
        .onFailure(failure -> log.warn("purging settled reservations failed, next hour retries: {}", failure.toString()));
  }

  // one sweep at a time: a slow store must not pile sweeps up
  private void sweep() {
    if (sweeping) {
      return;
    }
    sweeping = true;
    Instant now = Instant.now();
    repository.due(now)
        .compose(due -> Future.join(due.stream().map(reservation -> reservations.sweep(reservation.orderId(), now)).toList()))
        .onFailure(failure -> log.warn("sweeping reservations failed, next round retries: {}", failure.toString()))
        .onComplete(done -> sweeping = false);
  }
}
