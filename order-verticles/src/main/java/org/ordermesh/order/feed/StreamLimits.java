package org.ordermesh.order.feed;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many order event streams are open on this node, in all and per customer, so that no client can hold
 * every connection the node has: past {@link #PER_CUSTOMER} or {@link #PER_NODE} a new stream answers 429.
 * One per node, shared by every instance of the order HTTP verticle.
 */
final class StreamLimits implements Shareable {

  static final int PER_CUSTOMER = 5;
  static final int PER_NODE = 1_000;

  private final AtomicInteger open = new AtomicInteger();
  private final ConcurrentHashMap<String, AtomicInteger> byCustomer = new ConcurrentHashMap<>();

  static StreamLimits forNode(Vertx vertx) {
    return vertx.sharedData().<String, StreamLimits>getLocalMap("ordermesh.order.streams")
      .computeIfAbsent("limits", name -> new StreamLimits());
  }

  /** Takes a stream for the customer; false when the customer or the node has none left. */
  boolean open(String customer) {
    if (open.incrementAndGet() > PER_NODE) {
      open.decrementAndGet();
      return false;
    }
    var mine = byCustomer.computeIfAbsent(customer, c -> new AtomicInteger());
    if (mine.incrementAndGet() > PER_CUSTOMER) {
      mine.decrementAndGet();
      open.decrementAndGet();
      return false;
    }
    return true;
  }

  void close(String customer) {
    open.decrementAndGet();
    byCustomer.computeIfPresent(customer, (c, count) -> count.decrementAndGet() <= 0 ? null : count);
  }
}
