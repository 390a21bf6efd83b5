package org.ordermesh.order.saga;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.ordermesh.order.OrderConfig;
import org.ordermesh.order.api.CancelReason;
import org.ordermesh.order.order.Order;
import org.ordermesh.order.order.OrderAnnouncer;
import org.ordermesh.order.order.OrderRepository;
import org.ordermesh.order.order.OrderUpdate;
import org.ordermesh.platform.mongo.DelayedBulkWrites;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One saga driven to its end (or until the node stops or loses the lease): read the order, decide the
 * next move from {@link CreateOrderSaga#STEPS} and the saga's progress, make it, write the outcome
 * conditionally, repeat. A write that finds the order changed (a customer's cancel, another node)
 * re-reads it and decides again.
 */
final class SagaRun {

  /** What every run on a node shares. */
  record Context(Vertx vertx, OrderConfig config, String nodeId, OrderRepository orders, SagaLeases leases,
                 DelayedBulkWrites lastWrites, Participants participants, OrderAnnouncer announcer, SagaMetrics metrics,
                 AtomicBoolean stopping) {

    Context(Vertx vertx, OrderConfig config, String nodeId, OrderRepository orders, SagaLeases leases,
            DelayedBulkWrites lastWrites, Participants participants, OrderAnnouncer announcer, SagaMetrics metrics) {
      this(vertx, config, nodeId, orders, leases, lastWrites, participants, announcer, metrics, new AtomicBoolean());
    }

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
  // steps run but not yet written: repeating them is harmless (every participant call is idempotent per
  // order), so only a write that must not be lost (the pivot, a compensation, the end) writes them too
  private OrderUpdate carried;
  // false once the run started from the stored order: a run that died may have done steps it never wrote
  private boolean knowsEveryStepDone = true;

  SagaRun(Context ctx, SagaLeases.Lease lease) {
    this.ctx = ctx;
    this.lease = lease;
  }

  /** Starts from {@code placed} when the order was just placed on this node, else from its stored state. */
  Future<Void> run(Optional<Order> placed) {
    return placed.map(this::advance).orElseGet(this::reload);
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
    if (progress.done()) {
      return ctx.leases().release(lease);
    }
    return keepLease()
      .compose(v -> nextMove(order, progress))
      .compose(written -> written.isPresent() ? advance(written.get()) : reload());
  }

  private Future<Optional<Order>> nextMove(Order order, SagaProgress progress) {
    var now = Instant.now();
    var steps = CreateOrderSaga.STEPS;
    if (progress.compensating()) {
      if (progress.next() < 0) {
        return write(order, order.cancel(progress.reason(), now).and(progress.finished()));
      }
      var step = steps.get(progress.next());
      return attempt(step.compensationName(), step.compensation(), order, Policy.UNTIL_DONE)
        .compose(tried -> record(order, progress, current -> SagaProgress.of(current.saga())
          .stepped(tried.record("COMPENSATED"))));
    }
    if (progress.next() >= steps.size()) {
      return write(order, progress.finished());
    }
    var step = steps.get(progress.next());
    if (progress.next() <= CreateOrderSaga.PIVOT) {
      if (order.cancelRequested()) {
        return write(order, progress.compensateFrom(lastToUndo(progress, false), true,
          CancelReason.CUSTOMER_CANCELLED, null));
      }
      if (now.isAfter(progress.deadline())) {
        return write(order, progress.compensateFrom(lastToUndo(progress, false), true,
          CancelReason.TIMEOUT, null));
      }
    }
    if (step.kind() == SagaStep.Kind.PIVOT) {
      return write(order, order.confirm(now).and(progress.stepped(instant(step.name()))));
    }
    var policy = step.kind() == SagaStep.Kind.RETRIED_UNTIL_DONE ? Policy.UNTIL_DONE : Policy.forStep(step, progress, ctx.config());
    return attempt(step.name(), step.action(), order, policy).compose(tried -> {
      if (!wentThrough(step, tried)) {
        return record(order, progress, current -> afterForward(current, SagaProgress.of(current.saga()), step, tried));
      }
      var stepped = progress.stepped(tried.record(tried.result() instanceof StepResult.Done ? "DONE" : "REFUSED"));
      var following = progress.next() + 1;
      if (following == CreateOrderSaga.STEPS.size()) {
        return writeLast(order, stepped.then(progress.finished()));
      }
      return following == CreateOrderSaga.PIVOT
        ? record(order, progress, current -> afterForward(current, SagaProgress.of(current.saga()), step, tried))
        : carry(order, stepped);
    });
  }

  /** Done, or refused after the pivot, where a refusal is recorded for an operator and the saga goes on. */
  private static boolean wentThrough(SagaStep step, Tried tried) {
    return tried.result() instanceof StepResult.Done
      || (tried.result() instanceof StepResult.Refused && step.kind() == SagaStep.Kind.RETRIED_UNTIL_DONE);
  }

  /**
   * The saga's last write, after the pivot: it changes nothing anyone waits for (the order is confirmed
   * already), so it joins the other sagas' last writes in one bulk write. If its batch did not match
   * every order, the saga is read again: done if this write landed, else its last steps are run again.
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

  /**
   * The last step to undo, counting down: the current one too when it may have been done ({@code inclusive}).
   * A run that started from the stored order undoes every step before the pivot: the run before it may have
   * done steps it did not live to write, and undoing a step never done is refused and counts as done.
   */
  private int lastToUndo(SagaProgress progress, boolean inclusive) {
    if (!knowsEveryStepDone) {
      return Math.max(CreateOrderSaga.PIVOT - 1, inclusive ? progress.next() : progress.next() - 1);
    }
    return inclusive ? progress.next() : progress.next() - 1;
  }

  private OrderUpdate afterForward(Order order, SagaProgress progress, SagaStep step, Tried tried) {
    var compensatable = step.kind() == SagaStep.Kind.COMPENSATABLE;
    if (tried.result() instanceof StepResult.Unavailable) {
      return progress.compensateFrom(lastToUndo(progress, true), true, step.givingUp(), tried.record("GAVE_UP"));
    }
    if (tried.result() instanceof StepResult.Refused refused && compensatable) {
      return progress.compensateFrom(lastToUndo(progress, false), true, refused.reason(), tried.record("REFUSED"));
    }
    var outcome = tried.result() instanceof StepResult.Done ? "DONE" : "REFUSED";
    if (compensatable && progress.next() + 1 == CreateOrderSaga.PIVOT && !order.cancelRequested()) {
      return order.confirm(Instant.now()).and(progress.steppedThroughPivot(tried.record(outcome),
        instant(CreateOrderSaga.STEPS.get(CreateOrderSaga.PIVOT).name())));
    }
    return progress.stepped(tried.record(outcome));
  }

  /**
   * Writes a step's outcome. If the order changed meanwhile (a customer asked to cancel) but the saga
   * still stands where the step started, the outcome is decided again on the fresh order and written:
   * a step that was done must never be forgotten.
   */
  private Future<Optional<Order>> record(Order order, SagaProgress before, Function<Order, OrderUpdate> outcome) {
    return write(order, outcome.apply(order)).compose(written -> {
      if (written.isPresent()) {
        return Future.succeededFuture(written);
      }
      return ctx.orders().findById(order.id()).compose(fresh -> {
        var unchanged = fresh.filter(current -> {
          var now = SagaProgress.of(current.saga());
          return now.next() == before.next() && now.compensating() == before.compensating() && !now.done();
        });
        return unchanged.isPresent() ? record(unchanged.get(), before, outcome) : Future.succeededFuture(Optional.<Order>empty());
      });
    });
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
      ctx.announcer().written(after, withCarried);
      if (SagaProgress.of(after.saga()).done()) {
        ctx.metrics().completed(after.status(), Duration.between(after.createdAt(), Instant.now()));
      }
    }));
  }

  /** Runs one step, again after a growing delay with jitter while it is unavailable and the policy allows. */
  private Future<Tried> attempt(String name, BiFunction<Participants, Order, Future<StepResult>> action, Order order,
                                Policy policy) {
    return attempt(name, action, order, policy, 1, Instant.now());
  }

  private Future<Tried> attempt(String name, BiFunction<Participants, Order, Future<StepResult>> action, Order order,
                                Policy policy, int attempt, Instant startedAt) {
    if (ctx.stopped()) {
      return Future.failedFuture(new Abandoned("node stopping"));
    }
    return action.apply(ctx.participants(), order).compose(result -> {
      if (!(result instanceof StepResult.Unavailable) && !(result instanceof StepResult.Refused)) {
        return Future.succeededFuture(new Tried(name, result, attempt, startedAt));
      }
      ctx.metrics().stepFailed(name);
      if (result instanceof StepResult.Refused || !policy.keepTrying(attempt, Instant.now())) {
        return Future.succeededFuture(new Tried(name, result, attempt, startedAt));
      }
      return ctx.vertx().timer(backoff(attempt).toMillis())
        .compose(v -> keepLease())
        .compose(v -> attempt(name, action, order, policy, attempt + 1, startedAt));
    });
  }

  private Duration backoff(int attempt) {
    var base = ctx.config().retryBase().toMillis();
    var capped = Math.min(ctx.config().retryMax().toMillis(), base << Math.min(attempt - 1, 16));
    return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
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

  private static StepRecord instant(String step) {
    var now = Instant.now();
    return new StepRecord(step, "DONE", 1, now, now, null);
  }

  /** A step's attempts and how the last one ended. */
  record Tried(String step, StepResult result, int attempts, Instant startedAt) {

    StepRecord record(String outcome) {
      String detail = null;
      if (result instanceof StepResult.Refused refused) {
        detail = refused.detail();
      } else if (result instanceof StepResult.Unavailable unavailable) {
        detail = unavailable.detail();
      }
      return new StepRecord(step, outcome, attempts, startedAt, Instant.now(), detail);
    }
  }

  /** How long an unavailable participant is tried again. */
  interface Policy {

    Policy UNTIL_DONE = (attempt, now) -> true;

    boolean keepTrying(int attempt, Instant now);

    static Policy forStep(SagaStep step, SagaProgress progress, OrderConfig config) {
      if (step.givingUp() == CancelReason.PAYMENT_UNAVAILABLE) {
        return (attempt, now) -> attempt < config.paymentAttempts() && now.isBefore(progress.deadline());
      }
      return (attempt, now) -> now.isBefore(progress.deadline());
    }
  }
}
