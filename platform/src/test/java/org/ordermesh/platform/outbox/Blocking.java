package org.ordermesh.platform.outbox;

import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for a future in a test, failing the test when it takes longer than ten seconds. */
public final class Blocking {

  private Blocking() {
  }

  public static <T> T await(Future<T> future) {
    try {
      return future.await(10, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no result within 10 s", e);
    }
  }
}
