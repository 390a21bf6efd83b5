package org.ordermesh.node.admin;

import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The order flow as this node hears it on {@code order.status} (published cluster-wide, so every node
 * hears every order): status changes a second over the last {@link #RATE_WINDOW}, cancellations by reason
 * over the last {@link #REASON_WINDOW}, and the sagas in flight, the orders seen PENDING and not yet
 * ended. Only what happened since this node started is known: an order placed before is not counted.
 * Confined to the event loop of the verticle that feeds it.
 */
final class OrderFlow {

  static final Duration RATE_WINDOW = Duration.ofSeconds(10);
  static final Duration REASON_WINDOW = Duration.ofMinutes(10);
  // a saga ends well within this; one seen longer in flight was ended on a change this node did not hear
  private static final Duration FORGET_IN_FLIGHT = Duration.ofMinutes(10);
  private static final int MAX_IN_FLIGHT_TRACKED = 100_000;

  private final Map<Long, Map<String, Integer>> statusesBySecond = new TreeMap<>();
  private final Map<Long, Map<String, Integer>> reasonsBySecond = new TreeMap<>();
  private final LinkedHashMap<String, Long> inFlightSince = new LinkedHashMap<>();
  private final Map<String, Long> totals = new TreeMap<>();
  private long prunedAtSecond = -1;

  /** One {@code order.status} message: {@code {orderId, status, reason?}}. */
  void heard(JsonObject change, long nowMillis) {
    var status = change.getString("status");
    var orderId = change.getString("orderId");
    if (status == null || orderId == null) {
      return;
    }
    long second = nowMillis / 1000;
    statusesBySecond.computeIfAbsent(second, s -> new HashMap<>()).merge(status, 1, Integer::sum);
    totals.merge(status, 1L, Long::sum);
    if ("PENDING".equals(status)) {
      if (inFlightSince.size() < MAX_IN_FLIGHT_TRACKED) {
        inFlightSince.put(orderId, nowMillis);
      }
    } else {
      inFlightSince.remove(orderId);
    }
    if ("CANCELLED".equals(status)) {
      var reason = change.getString("reason", "UNKNOWN");
      reasonsBySecond.computeIfAbsent(second, s -> new HashMap<>()).merge(reason, 1, Integer::sum);
    }
    prune(nowMillis);
  }

  JsonObject now(long nowMillis) {
    prune(nowMillis);
    long from = nowMillis / 1000 - RATE_WINDOW.toSeconds();
    var perSecond = new JsonObject();
    for (var status : new String[] {"PENDING", "CONFIRMED", "CANCELLED"}) {
      perSecond.put(status, 0.0);
    }
    statusesBySecond.forEach((second, counts) -> {
      if (second > from) {
        counts.forEach((status, count) -> perSecond.put(status,
          perSecond.getDouble(status, 0.0) + (double) count / RATE_WINDOW.toSeconds()));
      }
    });
    var reasons = new JsonObject();
    reasonsBySecond.values().forEach(counts -> counts.forEach((reason, count) ->
      reasons.put(reason, reasons.getInteger(reason, 0) + count)));
    return new JsonObject()
      .put("ordersPerSecond", perSecond)
      .put("rateWindowSeconds", RATE_WINDOW.toSeconds())
      .put("sagasInFlight", inFlightSince.size())
      .put("cancellationsByReason", reasons)
      .put("reasonWindowSeconds", REASON_WINDOW.toSeconds())
      .put("statusChangesSinceStart", new JsonObject(new LinkedHashMap<>(totals)));
  }

  // once a second at most: every status change of the cluster passes here
  private void prune(long nowMillis) {
    long second = nowMillis / 1000;
    if (second == prunedAtSecond) {
      return;
    }
    prunedAtSecond = second;
    statusesBySecond.keySet().removeIf(s -> s <= second - RATE_WINDOW.toSeconds());
    reasonsBySecond.keySet().removeIf(s -> s <= second - REASON_WINDOW.toSeconds());
    // insertion order is the order they were placed in, so the oldest are first
    Iterator<Map.Entry<String, Long>> oldest = inFlightSince.entrySet().iterator();
    while (oldest.hasNext() && oldest.next().getValue() < nowMillis - FORGET_IN_FLIGHT.toMillis()) {
      oldest.remove();
    }
  }
}
