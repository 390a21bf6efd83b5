package org.ordermesh.payment.payment;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The payments this node last read or wrote, by order id, so the next command on an order (the saga's
 * capture after its authorize) starts from memory instead of a read. Never the truth: every write is still
 * conditional on {@code {_id, version}}, and one that loses reads the stored payment again. A newer version
 * always replaces an older one, so out-of-order puts cannot roll an entry back. Bounded: the least recently
 * used entry goes first, and costs one read if its order comes back.
 */
public final class PaymentCache implements Shareable {

  private static final String MAP = "ordermesh.payment";
  // far above the payments in flight between authorize and capture at the target rates
  private static final int CAPACITY = 4_096;

  private final Map<String, Payment> payments = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Payment> eldest) {
      return size() > CAPACITY;
    }
  };

  /** The node's cache, shared by the bus and HTTP verticles. */
  public static PaymentCache forNode(Vertx vertx) {
    var shared = vertx.sharedData().<String, PaymentCache>getLocalMap(MAP);
    var created = new PaymentCache();
    var raced = shared.putIfAbsent("payment-cache", created);
    return raced == null ? created : raced;
  }

  // verticles on several event loops share it
  synchronized Payment get(String orderId) {
    return payments.get(orderId);
  }

  synchronized void put(Payment payment) {
    payments.merge(payment.orderId(), payment, (cached, fresh) -> fresh.version() >= cached.version() ? fresh : cached);
  }
}
