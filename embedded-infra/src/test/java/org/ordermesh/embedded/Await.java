package org.ordermesh.embedded;

import io.vertx.core.Future;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Blocks a test thread on a future, but never longer than a bound. */
final class Await {

  private static final long SECONDS = 15;

  private Await() {
  }

  static <T> T result(Future<T> future) {
    try {
      return future.await(SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no result within " + SECONDS + " s", e);
    }
  }
}
