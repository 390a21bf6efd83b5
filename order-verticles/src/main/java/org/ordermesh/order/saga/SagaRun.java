package org.ordermesh.order.saga;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.ordermesh.order.OrderConfig;
import org.ordermesh.order.order.Order;
import org.ordermesh.order.order.OrderAnnouncer;
import org.ordermesh.order.order.OrderRepository;
import org.ordermesh.order.order.OrderUpdate;
import org.ordermesh.platform.mongo.DelayedBulkWrites;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One saga driven to its end (or until the node stops or loses the lease): read the order, ask
 * {@link SagaDecider} for the next move, make it, write its outcome conditionally, repeat. A write that
 * finds the order changed (a customer's cancel, an operator's retry, another node) reads the order again
 * and decides from what is stored. How steps are carried to a later write is docs/saga.md's
 * "carried steps"; this class is the only place that applies that rule.
 */
final class SagaRun {

  private static final Logger log = LoggerFactory.getLogger(SagaRun.class);

  /** What every run on a node shares. */
  record Context(Vertx vertx, OrderConfig config, String nodeId, OrderRepository orders, SagaLeases leases,
                 DelayedBulkWrites lastWrites, Participants participants, SagaDecider decider, OrderAnnouncer announcer,
                 SagaMetrics metrics, AtomicBoolean stopping) {

    void stop() {
      stopping.set(true);
    }

    boolean stopped() {
      return stopping.get();
    }
  }

  /** The node stopped or another node took the saga: leave it to the lease's holder. */
  static final class Abandoned extends RuntimeException {
    Abandoned(String why) {
      super(why, null, false, false);
    }
  }

  private final Context ctx;
  private SagaLeases.Lease lease;
  // carried steps (docs/saga.md): done, not yet written, written with the next write that must not be lost
  private OrderUpdate carried;
  // false once the run started from the stored order: a run that died may have done steps it never wrote
  private boolean knowsEveryStepDone = true;
  // when the saga last moved (a step done, a turn, a write), and what it waits on: for the stall watch
  private volatile Instant movedAt = Instant.now();
  private volatile String waitingOn = "start";
  private boolean reportedStalled;

  SagaRun(Context ctx, SagaLeases.Lease lease) {
    this.ctx = ctx;
    this.lease = lease;
  }

  String orderId() {
    return lease.orderId();
  }

  /** Starts from {@code placed} when the order was just placed on this node, else from its stored state. */
  Future<Void> run(Optional<Order> placed) {
    return placed.map(this::advance).orElseGet(this::reload);
  }

  /** True once per stall: the saga has not moved for {@code after}; it moves again, and a later stall counts again. */
  boolean stalledFor(Duration after, Instant now) {
    if (reportedStalled || Duration.between(movedAt, now).compareTo(after) < 0) {
      return false;
    }
    reportedStalled = true;
    return true;
  }

  String waitingOn() {
    return waitingOn;
  }

  Instant movedAt() {
    return movedAt;
  }

  private void moved(String now) {
    movedAt = Instant.now();
    waitingOn = now;
    reportedStalled = false;
  }

  private Future<Void> reload() {
    carried = null;
    knowsEveryStepDone = false;
    return ctx.orders().findById(lease.orderId()).compose(found -> found.isPresent()
      ? advance(found.get())
      : ctx.leases().release(lease));
  }

  private Future<Void> advance(Order order) {
    var progress = SagaProgress.of(order.saga());
    var move = ctx.decider().decide(progress, facts(order));
    if (move instanceof SagaMove.Rest) {
      return ctx.leases().release(lease);
    }
    return keepLease()
      .compose(v -> make(order, progress, move))
      .compose(written -> written.isPresent() ? advance(written.get()) : reload());
  }

  private SagaDecider.Facts facts(Order order) {
    return new SagaDecider.Facts(order.cancelRequested(), Instant.now(), knowsEveryStepDone);
  }

  private Future<Optional<Order>> make(Order order, SagaProgress progress, SagaMove move) {
    var now = Instant.now();
    var table = ctx.decider().table();
    if (move instanceof SagaMove.Call call) {
      moved((call.undo() ? call.step().compensationName() : call.step().name()) + " attempt " + call.attempt());
      return call(order, progress, call.step(), call.undo(), call.attempt(), now);
    }
    if (move instanceof SagaMove.Confirm confirm) {
      var record = new StepRecord(confirm.pivot().name(), "DONE", 1, now, now, null);
      return write(order, order.confirm(now).and(progress.stepped(record, following(confirm.pivot()))));
    }
    if (move instanceof SagaMove.Compensate turn) {
      return write(order, progress.compensateFrom(turn.from(), turn.reason(), null));
    }
    if (move instanceof SagaMove.Cancel cancel) {
      return write(order, order.cancel(cancel.reason(), now).and(progress.finished()));
    }
    if (move instanceof SagaMove.Finish) {
      return carried == null ? write(order, progress.finished()) : writeLast(order, progress.finished());
    }
    throw new IllegalStateException("not a move at a step boundary: " + move);
  }

  /** One attempt of a step (or its undoing), and whatever the decider makes of its outcome. */
  private Future<Optional<Order>> call(Order order, SagaProgress progress, SagaStep step, boolean undo, int attempt,
                                       Instant startedAt) {
    if (ctx.stopped()) {
      return Future.failedFuture(new Abandoned("node stopping"));
    }
    var action = undo ? step.compensation() : step.action();
    var beforePivot = !undo && !ctx.decider().table().pastPivot(step.name()) && step.retry().byDeadline();
    var attempted = action.run(ctx.participants(), order, attempt);
    return (beforePivot ? byDeadline(attempted, progress.deadline()) : attempted).compose(result -> {
      var name = undo ? step.compensationName() : step.name();
      if (!(result instanceof StepResult.Done)) {
        ctx.metrics().stepFailed(name);
      }
      var move = ctx.decider().decide(progress, facts(order), new SagaDecider.Outcome(step, undo, attempt, result));
      var record = new StepRecord(name, null, attempt - progress.attemptsOf(name), startedAt, Instant.now(), detail(result));
      if (move instanceof SagaMove.RetryLater || move instanceof SagaMove.Ignore) {
        var next = move instanceof SagaMove.RetryLater retry ? retry.attempt() : ((SagaMove.Ignore) move).attempt();
        if (move instanceof SagaMove.Ignore ignored) {
          log.warn("saga of order {}: {} ignored ({})", order.id(), name, ignored.why());
        }
        return ctx.vertx().timer(backoff(attempt, beforePivot ? progress.deadline() : null).toMillis())
          .compose(v -> keepLease())
          .compose(v -> call(order, progress, step, undo, next, startedAt));
      }
      moved(name + " " + move.getClass().getSimpleName());
      return outcome(order, progress, step, move, record);
    });
  }

  private Future<Optional<Order>> outcome(Order order, SagaProgress progress, SagaStep step, SagaMove move,
                                          StepRecord record) {
    var now = Instant.now();
    if (move instanceof SagaMove.Advance advance) {
      var done = record.withOutcome(advance.outcome());
      if (progress.compensating()) {
        var following = ctx.decider().table().compensatableFrom(step.name(), false).map(SagaStep::name).orElse(null);
        return write(order, progress.stepped(done, following));
      }
      return carry(order, progress.stepped(done, following(step)));
    }
    if (move instanceof SagaMove.Compensate turn) {
      return write(order, progress.compensateFrom(turn.from(), turn.reason(), record.withOutcome(turn.outcome())));
    }
    if (move instanceof SagaMove.Flag flag) {
      log.error("saga of order {}: {} refused after the pivot ({}): the order needs attention", order.id(),
        flag.step(), flag.reason());
      ctx.metrics().attention(flag.step());
      var refused = record.withOutcome("REFUSED");
      var recorded = step.name().equals(progress.retry()) ? progress.retried(refused)
        : progress.stepped(refused, following(step));
      return write(order, recorded.and(order.flag(flag.step(), flag.reason(), now)));
    }
    if (move instanceof SagaMove.Resolve) {
      return write(order, progress.retried(record.withOutcome("DONE")).and(order.resolveAttention(now)));
    }
    throw new IllegalStateException("not a move after a call: " + move);
  }

  private String following(SagaStep step) {
    return ctx.decider().table().after(step.name()).map(SagaStep::name).orElse(null);
  }

  private static String detail(StepResult result) {
    if (result instanceof StepResult.Refused refused) {
      return refused.detail();
    }
    return result instanceof StepResult.Unavailable unavailable ? unavailable.detail() : null;
  }

  /** The saga's deadline fires whatever the participant does: past it, the call counts as unavailable. */
  private Future<StepResult> byDeadline(Future<StepResult> call, Instant deadline) {
    var left = Duration.between(Instant.now(), deadline).toMillis();
    var bounded = Promise.<StepResult>promise();
    var timer = ctx.vertx().setTimer(Math.max(1, left), t -> bounded.tryComplete(
      new StepResult.Unavailable("the saga's deadline passed during the call")));
    call.onComplete(done -> {
      ctx.vertx().cancelTimer(timer);
      if (done.succeeded()) {
        bounded.tryComplete(done.result());
      } else {
        bounded.tryFail(done.cause());
      }
    });
    return bounded.future();
  }

  /**
   * The saga's last write, after the pivot: it changes nothing anyone waits for (the order is confirmed
   * already), so it joins the other sagas' last writes in one bulk write ("delayed last writes" in
   * docs/saga.md). If its batch did not match every order, the saga is read again: done if this write
   * landed, else its last steps are run again.
   */
  private Future<Optional<Order>> writeLast(Order order, OrderUpdate update) {
    var withCarried = withCarried(update);
    return ctx.lastWrites().addWatched(ctx.orders().conditionalUpdate(order, withCarried)).map(written -> {
      if (!written) {
        return Optional.<Order>empty();
      }
      var after = order.carrying(withCarried);
      ctx.metrics().completed(after.status(), Duration.between(after.createdAt(), Instant.now()));
      return Optional.of(after);
    });
  }

  private Future<Optional<Order>> carry(Order order, OrderUpdate update) {
    carried = carried == null ? update : carried.then(update);
    return Future.succeededFuture(Optional.of(order.carrying(update)));
  }

  /** {@code update} after the steps carried so far, which it now writes. */
  private OrderUpdate withCarried(OrderUpdate update) {
    var all = carried == null ? update : carried.then(update);
    carried = null;
    return all;
  }

  /** Writes {@code update}, and the steps carried so far before it, on the order's stored version. */
  private Future<Optional<Order>> write(Order order, OrderUpdate update) {
    var withCarried = withCarried(update);
    return ctx.orders().apply(order, withCarried).onSuccess(written -> written.ifPresent(after -> {
      moved("written");
      ctx.announcer().written(after, withCarried);
      if (SagaProgress.of(after.saga()).done()) {
        ctx.metrics().completed(after.status(), Duration.between(after.createdAt(), Instant.now()));
      }
    }));
  }

  /** Exponential back-off with jitter; before the pivot never past the deadline, so that it is decided on time. */
  private Duration backoff(int attempt, Instant deadline) {
    var base = ctx.config().retryBase().toMillis();
    var capped = Math.min(ctx.config().retryMax().toMillis(), base << Math.min(attempt - 1, 16));
    var delay = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    if (deadline != null) {
      delay = Math.max(1, Math.min(delay, Duration.between(Instant.now(), deadline).toMillis() + 1));
    }
    return Duration.ofMillis(delay);
  }

  /** Renews the lease when half of it is used up; fails when another node has taken it. */
  private Future<Void> keepLease() {
    var now = Instant.now();
    if (ctx.stopped()) {
      return Future.failedFuture(new Abandoned("node stopping"));
    }
    if (Duration.between(now, lease.expiresAt()).compareTo(ctx.config().sagaLease().dividedBy(2)) > 0) {
      return Future.succeededFuture();
    }
    return ctx.leases().claim(lease, ctx.nodeId(), now.plus(ctx.config().sagaLease())).compose(renewed -> {
      if (renewed.isEmpty()) {
        return Future.failedFuture(new Abandoned("lease of order " + lease.orderId() + " taken by another node"));
      }
      lease = renewed.get();
      return Future.succeededFuture();
    });
  }
}
