package org.ordermesh.order.feed;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many order event streams are open on this node, in all and per customer, so that no client can hold
 * every connection the node has: past the per-customer or the per-node cap a new stream answers 429.
 * One per node, shared by every instance of the order HTTP verticle.
 */
final class StreamLimits implements Shareable {

  private static final String MAP = "ordermesh.order.streams";
  private static final String KEY = "limits";

  private final int perCustomer;
  private final int perNode;
  private final AtomicInteger open = new AtomicInteger();
  private final ConcurrentHashMap<String, AtomicInteger> byCustomer = new ConcurrentHashMap<>();

  private StreamLimits(int perCustomer, int perNode) {
    this.perCustomer = perCustomer;
    this.perNode = perNode;
  }

  static StreamLimits forNode(Vertx vertx, int perCustomer, int perNode) {
    return vertx.sharedData().<String, StreamLimits>getLocalMap(MAP).computeIfAbsent(KEY, name -> new StreamLimits(perCustomer, perNode));
  }

  /** How many streams are open on the node. */
  static int openOnNode(Vertx vertx) {
    var limits = vertx.sharedData().<String, StreamLimits>getLocalMap(MAP).get(KEY);
    return limits == null ? 0 : limits.open.get();
  }

  /** Takes a stream for the customer; false when the customer or the node has none left. */
  boolean open(String customer) {
    if (open.incrementAndGet() > perNode) {
      open.decrementAndGet();
      return false;
    }
    var mine = byCustomer.computeIfAbsent(customer, c -> new AtomicInteger());
    if (mine.incrementAndGet() > perCustomer) {
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
