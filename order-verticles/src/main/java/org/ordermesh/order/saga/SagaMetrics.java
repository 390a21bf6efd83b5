package org.ordermesh.order.saga;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.ordermesh.order.api.OrderStatus;

import java.time.Duration;

/** Saga outcomes and durations, and step failures by step, for the dashboards. */
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

  /** Counts orders entering a status (PENDING when placed, then CONFIRMED or CANCELLED). */
  public static void statusEntered(MeterRegistry registry, OrderStatus status) {
    Counter.builder("ordermesh.orders").tag("status", status.name()).register(registry).increment();
  }
}
