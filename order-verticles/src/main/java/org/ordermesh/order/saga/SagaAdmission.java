package org.ordermesh.order.saga;

import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;
import org.ordermesh.platform.node.NodeRuntime;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node's bound on sagas in flight ({@code ORDERMESH_SAGAS_IN_FLIGHT}). A placement takes a permit
 * before anything is written (before its Idempotency-Key is claimed), so a request past the bound is
 * refused with nothing changed; the permit is handed to the saga the placement starts and given back
 * when that saga's run ends. Sagas taken over from other nodes count too, without a bound: they were
 * accepted already.
 */
public final class SagaAdmission implements Shareable {

  private final AtomicInteger inFlight = new AtomicInteger();
  private final int limit;

  private SagaAdmission(int limit) {
    this.limit = limit;
  }

  /** The node's admission, shared by every verticle and gateway event loop that places or drives orders. */
  public static SagaAdmission of(Vertx vertx, int limit) {
    var shared = vertx.sharedData().<String, SagaAdmission>getLocalMap("ordermesh.saga.admission");
    var created = new SagaAdmission(limit);
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
    while (true) {
      var now = inFlight.get();
      if (now >= limit) {
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

  public int limit() {
    return limit;
  }

  /** A saga taken over from its stored state: it counts, but is never refused. */
  void resumed() {
    inFlight.incrementAndGet();
  }

  /** A saga's run on this node ended (finished, paused or abandoned). */
  void ended() {
    inFlight.decrementAndGet();
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
