package org.ordermesh.order.saga;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.ordermesh.order.OrderConfig;
import org.ordermesh.order.order.Order;
import org.ordermesh.order.order.OrderAnnouncer;
import org.ordermesh.order.order.OrderRepository;
import org.ordermesh.platform.mongo.DelayedBulkWrites;
import org.ordermesh.platform.mongo.MongoClients;
import org.ordermesh.platform.node.NodeRuntime;
import org.ordermesh.platform.trace.TraceContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs order sagas. A saga is driven by the node that holds its lease: the node that placed the order
 * starts it at once (a local message on {@link #DRIVE}), and every node looks, on a timer and at
 * start, for sagas whose lease ran out (their node died or stopped) and takes them over. Progress is
 * in Mongo, so a taken-over saga continues where it was, and participants are idempotent, so a step
 * repeated after a crash is done once. A saga that does not move for {@code ORDERMESH_SAGA_STALL_SECONDS}
 * is logged once with its order id and counted.
 */
public class SagaOrchestratorVerticle extends VerticleBase {

  /**
   * Local to a node: {"orderId", "expiresAt", "order"?, "admitted"?} of a saga whose lease this node holds:
   * an order placed here ({@code admitted}: its admission permit comes with it) or an operator's retry.
   */
  public static final String DRIVE = "order.saga.drive";

  private static final Logger log = LoggerFactory.getLogger(SagaOrchestratorVerticle.class);
  private static final int RESUME_BATCH = 100;
  // finished sagas' last steps, and then their leases, are written together: one write each for all
  // the sagas that finish within this time (a resumer meanwhile finds the saga at its pivot and redoes them)
  private static final Duration BATCH_DELAY = Duration.ofSeconds(1);

  private final Map<String, SagaRun> driving = new HashMap<>();
  private SagaRun.Context runContext;
  private SagaAdmission admission;
  private SagaLeases leases;
  private DelayedBulkWrites lastWrites;
  private long resumeTimer = -1;

  @Override
  public Future<?> start() {
    var config = OrderConfig.from(config());
    var runtime = NodeRuntime.of(vertx);
    var mongo = MongoClients.shared(vertx, config.service().platform().mongoUri(), config.service().database());
    var orders = new OrderRepository(mongo);
    admission = SagaAdmission.of(vertx, config.sagasInFlight(), config.admissionHorizon());
    leases = new SagaLeases(vertx, mongo, BATCH_DELAY);
    lastWrites = new DelayedBulkWrites(vertx, mongo, OrderRepository.COLLECTION, BATCH_DELAY);
    runContext = new SagaRun.Context(vertx, config, runtime.config().nodeId(), orders, leases, lastWrites,
      new Participants(vertx, config), new SagaDecider(CreateOrderSaga.table(config)),
      new OrderAnnouncer(vertx, runtime.meters()), new SagaMetrics(runtime.meters()), new AtomicBoolean());
    return leases.ensureIndexes()
      .compose(v -> vertx.eventBus().<JsonObject>localConsumer(DRIVE, message -> {
        // the saga runs in the trace of the request that placed the order
        TraceContext.bindFrom(message);
        drive(new SagaLeases.Lease(message.body().getString("orderId"), runContext.nodeId(),
          Instant.parse(message.body().getString("expiresAt")), message.body().getLong("leaseVersion", 0L)),
          Optional.ofNullable(message.body().getJsonObject("order")).map(Order::fromDocument),
          message.body().getBoolean("admitted", false));
      }).completion())
      .onSuccess(v -> {
        resumeTimer = vertx.setPeriodic(0, config.resumeInterval().toMillis(), tick -> {
          resumeLapsed();
          reportStalls();
        });
      });
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(resumeTimer);
    // sagas in flight keep their lease until it runs out; then another node resumes them
    runContext.stop();
    return lastWrites.flush().eventually(leases::flushReleases);
  }

  private void drive(SagaLeases.Lease lease, Optional<Order> placed, boolean admitted) {
    if (driving.containsKey(lease.orderId())) {
      if (admitted) {
        admission.ended();
      }
      return;
    }
    if (!admitted) {
      admission.resumed();
    }
    var run = new SagaRun(runContext, lease);
    driving.put(lease.orderId(), run);
    run.run(placed)
      .onFailure(error -> log.warn("saga of order {} paused: {}", lease.orderId(), error.getMessage()))
      .onComplete(done -> {
        driving.remove(lease.orderId());
        admission.ended();
      });
  }

  private void resumeLapsed() {
    var now = Instant.now();
    leases.lapsed(now, RESUME_BATCH).onSuccess(lapsed -> lapsed.stream()
      .filter(lease -> !driving.containsKey(lease.orderId()))
      .forEach(lease -> leases.claim(lease, runContext.nodeId(), now.plus(runContext.config().sagaLease()))
        .onSuccess(claimed -> claimed.ifPresent(taken -> {
          log.info("resuming the saga of order {} (lease of {} ran out)", taken.orderId(), lease.owner());
          drive(taken, Optional.empty(), false);
        }))));
  }

  // logged once per stall, with what the saga waits on; it is still driven (its deadline or retries go on)
  private void reportStalls() {
    var now = Instant.now();
    var after = runContext.config().stallAfter();
    driving.values().stream().filter(run -> run.stalledFor(after, now)).forEach(run -> {
      runContext.metrics().stalled();
      log.warn("saga of order {} has not moved for {} s, waiting on {}", run.orderId(),
        Duration.between(run.movedAt(), now).toSeconds(), run.waitingOn());
    });
  }
}
