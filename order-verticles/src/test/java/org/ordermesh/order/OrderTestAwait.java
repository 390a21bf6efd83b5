package org.ordermesh.order;

import org.ordermesh.platform.testing.Await;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** The order tests' one bound on waiting for the system to settle. */
final class OrderTestAwait {

  private OrderTestAwait() {
  }

  static void until(BooleanSupplier condition) {
    Await.until(Duration.ofSeconds(30), condition);
  }
}
