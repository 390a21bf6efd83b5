package org.ordermesh.order.saga;

import java.util.List;
import java.util.Optional;

/** A saga's steps in order, looked up by name: where each step leads forward and back. */
public final class SagaTable {

  private final List<SagaStep> steps;

  public SagaTable(SagaStep... steps) {
    this.steps = List.of(steps);
    if (this.steps.stream().filter(SagaStep::isPivot).count() != 1) {
      throw new IllegalArgumentException("a saga table has exactly one pivot");
    }
  }

  public List<SagaStep> steps() {
    return steps;
  }

  public SagaStep first() {
    return steps.get(0);
  }

  public SagaStep step(String name) {
    return steps.stream().filter(step -> step.name().equals(name)).findFirst()
      .orElseThrow(() -> new IllegalArgumentException("no saga step " + name));
  }

  /** The step after {@code name}; empty after the last. */
  Optional<SagaStep> after(String name) {
    var index = steps.indexOf(step(name));
    return index + 1 < steps.size() ? Optional.of(steps.get(index + 1)) : Optional.empty();
  }

  /** The nearest step before {@code name} (or {@code name} itself, when {@code inclusive}) that has something to undo. */
  Optional<SagaStep> compensatableFrom(String name, boolean inclusive) {
    var index = steps.indexOf(step(name));
    for (var i = inclusive ? index : index - 1; i >= 0; i--) {
      if (steps.get(i).isCompensatable()) {
        return Optional.of(steps.get(i));
      }
    }
    return Optional.empty();
  }

  /** The last step undone on the way back: the one just before the pivot that has an undo. */
  Optional<SagaStep> lastBeforePivot() {
    return compensatableFrom(pivot().name(), false);
  }

  public SagaStep pivot() {
    return steps.stream().filter(SagaStep::isPivot).findFirst().orElseThrow();
  }

  /** Whether {@code name} is after the pivot (the pivot itself is not). */
  boolean pastPivot(String name) {
    return steps.indexOf(step(name)) > steps.indexOf(pivot());
  }
}
