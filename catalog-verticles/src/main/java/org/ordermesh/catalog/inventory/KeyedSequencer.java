package org.ordermesh.catalog.inventory;

import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs the work for one key after the previous work for that key finished, and work for other keys freely.
 * Two hundred reservations of one product on one node then take turns instead of racing for the same version
 * and retrying quadratically; races with other verticles and nodes are still settled by the version guard.
 * Used on one Vert.x context only.
 */
final class KeyedSequencer {

  private final Map<String, Future<?>> tails = new HashMap<>();

  <T> Future<T> run(String key, Supplier<Future<T>> work) {
    Future<?> previous = tails.getOrDefault(key, Future.succeededFuture());
    Future<T> next = previous.transform(ignored -> work.get());
    tails.put(key, next);
    next.onComplete(ignored -> tails.remove(key, next));
    return next;
  }
}
