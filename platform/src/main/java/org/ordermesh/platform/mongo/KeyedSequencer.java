package org.ordermesh.platform.mongo;

import io.vertx.core.Future;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs the work for one key after the previous work for that key finished, and work for other keys freely.
 * Two hundred writes to one document on one node then take turns instead of racing for the same version and
 * retrying quadratically; races with other verticles and nodes are still settled by the version guard.
 * Start work from one Vert.x context; it may complete on another (a call shared across verticles completes on
 * the context that began it), hence the concurrent map.
 */
public final class KeyedSequencer {

  private final Map<String, Future<?>> tails = new ConcurrentHashMap<>();

  public <T> Future<T> run(String key, Supplier<Future<T>> work) {
    Future<?> previous = tails.get(key);
    Future<T> next = previous == null ? work.get() : previous.transform(ignored -> work.get());
    tails.put(key, next);
    next.onComplete(ignored -> tails.remove(key, next));
    return next;
  }
}
