package org.ordermesh.order.feed;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The order event streams open on this node, by order id: how the status feed wakes the streams of a changed
 * order. A direct call rather than an event bus address per order, because a stream ends at its order's final
 * status while the second notice of that change (the fast path and the change stream both bring it) may be on
 * its way: a consumer unregistered under a pending message makes Vert.x log the message as discarded, and
 * here a late notice to a closed stream is simply nobody's. Each stream is woken on the context it was opened
 * on, so its state stays on one event loop. One per node, shared by every instance of the order HTTP verticle.
 */
final class StreamRegistry implements Shareable {

  /** A stream's reaction to a change of its order up to {@code seq}; {@code change} when it came whole. */
  @FunctionalInterface
  interface Watcher {
    void wake(long seq, JsonObject change);
  }

  private record Watch(Context context, Watcher watcher) {
  }

  private static final String MAP = "ordermesh.order.stream-registry";
  private static final String KEY = "registry";

  private final ConcurrentHashMap<String, Set<Watch>> byOrder = new ConcurrentHashMap<>();

  static StreamRegistry forNode(Vertx vertx) {
    return vertx.sharedData().<String, StreamRegistry>getLocalMap(MAP).computeIfAbsent(KEY, name -> new StreamRegistry());
  }

  /** Watches the order: {@code watcher} is woken on {@code context}; the returned action ends the watch. */
  Runnable watch(Context context, String orderId, Watcher watcher) {
    var watch = new Watch(context, watcher);
    byOrder.computeIfAbsent(orderId, id -> ConcurrentHashMap.newKeySet()).add(watch);
    return () -> byOrder.computeIfPresent(orderId, (id, watches) -> {
      watches.remove(watch);
      return watches.isEmpty() ? null : watches;
    });
  }

  /** The order changed up to {@code seq} ({@link Long#MAX_VALUE} when not known): wakes its streams. */
  void changed(String orderId, long seq, JsonObject change) {
    var watches = byOrder.get(orderId);
    if (watches != null) {
      watches.forEach(watch -> watch.context().runOnContext(v -> watch.watcher().wake(seq, change)));
    }
  }

  /** Every stream reads its order again, for what changed while the node's change stream was away. */
  void resync() {
    byOrder.values().forEach(watches -> watches.forEach(watch ->
      watch.context().runOnContext(v -> watch.watcher().wake(Long.MAX_VALUE, null))));
  }
}
