package org.ordermesh.platform.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a bound, checking it every few milliseconds. */
public final class Await {

  private Await() {
  }

  public static void until(Duration limit, BooleanSupplier condition) {
    var deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + limit);
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }
}
