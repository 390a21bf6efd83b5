package org.ordermesh.embedded;

import io.vertx.core.Future;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Blocks a test thread on a future, but never longer than a bound. */
final class Await {

  private static final Duration DEFAULT = Duration.ofSeconds(15);

  private Await() {
  }

  static <T> T result(Future<T> future) {
    return result(future, DEFAULT);
  }

  static <T> T result(Future<T> future, Duration bound) {
    try {
      return future.await(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no result within " + bound.toSeconds() + " s", e);
    }
  }
}
