package org.ordermesh.catalog.inventory;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Instant;
import org.ordermesh.catalog.CatalogConfig;
import org.ordermesh.platform.mongo.MongoClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every second, releases reservations whose expiry passed without a commit (and PENDING ones a dead node
 * left behind). Less often, checks the holds older than a grace on the stock documents, so stock a dead node left
 * out of step with its reservation (or held for an order it never wrote a reservation for) follows the decision.
 * Every node may run one: each move is a conditional write, so two sweepers never release twice. Reservations
 * settled longer ago than the retention go by their TTL index.
 */
public class ReservationSweeperVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(ReservationSweeperVerticle.class);

  private ReservationRepository repository;
  private Reservations reservations;
  private long timer;
  private long holdTimer;
  private boolean sweeping;
  private boolean checking;

  @Override
  public Future<?> start() {
    var config = CatalogConfig.from(config());
    var service = config.service();
    var mongo = MongoClients.shared(vertx, service.platform().mongoUri(), service.database());
    repository = new ReservationRepository(mongo, config.reservationRetention());
    var inventory = new InventoryRepository(vertx, mongo, config.lowStockThreshold());
    reservations = new Reservations(repository, inventory, config.reservationTtl());
    timer = vertx.setPeriodic(config.sweepInterval().toMillis(), id -> sweep());
    holdTimer = vertx.setPeriodic(config.holdCheckInterval().toMillis(), id -> checkHolds());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    vertx.cancelTimer(holdTimer);
    return Future.succeededFuture();
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

  // holds only need a look once older than the grace (30 s), hence its own, longer period; one at a time
  private void checkHolds() {
    if (checking) {
      return;
    }
    checking = true;
    reservations.checkHolds(Instant.now())
        .onFailure(failure -> log.warn("checking stock holds failed, next round retries: {}", failure.toString()))
        .onComplete(done -> checking = false);
  }
}
