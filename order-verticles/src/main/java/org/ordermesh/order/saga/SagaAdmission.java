package org.ordermesh.order.saga;

import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;
import org.ordermesh.platform.node.NodeRuntime;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node's bound on sagas in flight. A placement takes a permit before anything is written (before its
 * Idempotency-Key is claimed), so a request past the bound is refused with nothing changed; the permit is
 * handed to the saga the placement starts and given back when that saga's run ends. Sagas taken over from
 * other nodes count too, without a bound: they were accepted already.
 *
 * <p>The bound is what the node finishes in time, by Little's law: the sagas it ended per second over the
 * last {@value #WINDOW_SECONDS} s times the admission horizon ({@link org.ordermesh.order.OrderConfig#admissionHorizon}),
 * so an admitted saga waits about that long, never its whole deadline; at least {@value #FLOOR} (a cold node, a quiet
 * one) and at most {@code ORDERMESH_SAGAS_IN_FLIGHT}. A short horizon keeps the node at its rate under overload: every
 * saga admitted beyond what it finishes meanwhile only waits, and the more wait, the dearer each one gets (measured:
 * a 15 s horizon confirmed 32/s at twice the node's rate, a bound of 64 kept 38/s, docs/performance.md).
 */
public final class SagaAdmission implements Shareable {

  static final int FLOOR = 64;
  static final int WINDOW_SECONDS = 10;

  private final AtomicInteger inFlight = new AtomicInteger();
  private final int limit;
  private final long horizonSeconds;
  // sagas ended per second, by epoch second modulo the ring's size; guarded by itself
  private final long[] endedPerSecond = new long[WINDOW_SECONDS + 2];
  private final long[] secondOfSlot = new long[WINDOW_SECONDS + 2];

  SagaAdmission(int limit, Duration horizon) {
    this.limit = limit;
    this.horizonSeconds = Math.max(1, horizon.toSeconds());
  }

  /** The node's admission, shared by every verticle and gateway event loop that places or drives orders. */
  public static SagaAdmission of(Vertx vertx, int limit, Duration horizon) {
    var shared = vertx.sharedData().<String, SagaAdmission>getLocalMap("ordermesh.saga.admission");
    var created = new SagaAdmission(limit, horizon);
    var existing = shared.putIfAbsent("node", created);
    if (existing != null) {
      return existing;
    }
    Gauge.builder("ordermesh_sagas_in_flight", created, SagaAdmission::inFlight)
      .description("sagas this node is driving or has admitted")
      .register(NodeRuntime.of(vertx).meters());
    return created;
  }

  /** A permit, or empty when the node is at its bound. */
  public Optional<Permit> tryAdmit() {
    var bound = bound(Instant.now().getEpochSecond());
    while (true) {
      var now = inFlight.get();
      if (now >= bound) {
        return Optional.empty();
      }
      if (inFlight.compareAndSet(now, now + 1)) {
        return Optional.of(new Permit());
      }
    }
  }

  public int inFlight() {
    return inFlight.get();
  }

  /** The bound at {@code second}: the last window's completions per second times the horizon, within floor and limit. */
  int bound(long second) {
    long ended = 0;
    synchronized (endedPerSecond) {
      for (var i = 0; i < endedPerSecond.length; i++) {
        var age = second - secondOfSlot[i];
        if (age >= 1 && age <= WINDOW_SECONDS) {
          ended += endedPerSecond[i];
        }
      }
    }
    var finishable = ended * horizonSeconds / WINDOW_SECONDS;
    return (int) Math.min(limit, Math.max(FLOOR, finishable));
  }

  /** A saga taken over from its stored state: it counts, but is never refused. */
  void resumed() {
    inFlight.incrementAndGet();
  }

  /** A saga's run on this node ended (finished, paused or abandoned). */
  void ended() {
    endedAt(Instant.now().getEpochSecond());
  }

  void endedAt(long second) {
    inFlight.decrementAndGet();
    var slot = (int) (second % endedPerSecond.length);
    synchronized (endedPerSecond) {
      if (secondOfSlot[slot] != second) {
        secondOfSlot[slot] = second;
        endedPerSecond[slot] = 0;
      }
      endedPerSecond[slot]++;
    }
  }

  /** One admitted placement: given back unless handed to the saga it started. */
  public final class Permit {

    private final AtomicBoolean settled = new AtomicBoolean();

    /** The saga started: its run gives the permit back when it ends. */
    public void handOver() {
      settled.set(true);
    }

    /** Nothing was started (a refusal, a replay, a failure): the permit goes back. Harmless after a hand-over. */
    public void release() {
      if (settled.compareAndSet(false, true)) {
        inFlight.decrementAndGet();
      }
    }
  }
}
