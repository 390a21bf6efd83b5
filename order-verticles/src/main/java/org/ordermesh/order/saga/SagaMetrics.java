package org.ordermesh.order.saga;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.ordermesh.order.api.OrderStatus;

import java.time.Duration;

/** Saga outcomes and durations, step failures by step, stalls and orders flagged for attention. */
public final class SagaMetrics {

  private final MeterRegistry registry;

  public SagaMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void completed(OrderStatus outcome, Duration took) {
    Counter.builder("ordermesh.saga.completed").tag("outcome", outcome.name()).register(registry).increment();
    Timer.builder("ordermesh.saga.duration").tag("outcome", outcome.name()).publishPercentileHistogram()
      .register(registry).record(took);
  }

  void stepFailed(String step) {
    Counter.builder("ordermesh.saga.step.failures").tag("step", step).register(registry).increment();
  }

  /** {@code ordermesh_saga_attention_total{step}}: a step refused after the pivot flagged its order. */
  void attention(String step) {
    Counter.builder("ordermesh.saga.attention").tag("step", step).register(registry).increment();
  }

  /** {@code ordermesh_saga_stalled_total}: a saga did not move for the stall time (counted once per stall). */
  void stalled() {
    Counter.builder("ordermesh.saga.stalled").register(registry).increment();
  }

  /** Counts orders entering a status (PENDING when placed, then CONFIRMED or CANCELLED). */
  public static void statusEntered(MeterRegistry registry, OrderStatus status) {
    Counter.builder("ordermesh.orders").tag("status", status.name()).register(registry).increment();
  }
}
