package org.ordermesh.node.bridge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;
import org.ordermesh.platform.node.NodeRuntime;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the bridges count, per bridge ({@code tcp}, {@code sockjs}): {@code ordermesh_bridge_connections} (open now),
 * {@code ordermesh_bridge_connections_opened_total}, {@code ordermesh_bridge_frames_total{direction=in|out}} and
 * {@code ordermesh_bridge_refusals_total{code}}. One per node, shared by every gateway instance.
 */
final class BridgeMeters implements Shareable {

  private static final String MAP = "ordermesh.bridge";

  private final MeterRegistry registry;
  private final String bridge;
  private final AtomicInteger open = new AtomicInteger();
  private final Counter opened;
  private final Counter framesIn;
  private final Counter framesOut;

  private BridgeMeters(MeterRegistry registry, String bridge) {
    this.registry = registry;
    this.bridge = bridge;
    Gauge.builder("ordermesh.bridge.connections", open, AtomicInteger::get).tag("bridge", bridge)
      .description("bridge connections open now").register(registry);
    opened = Counter.builder("ordermesh.bridge.connections.opened").tag("bridge", bridge).register(registry);
    framesIn = Counter.builder("ordermesh.bridge.frames").tag("bridge", bridge).tag("direction", "in").register(registry);
    framesOut = Counter.builder("ordermesh.bridge.frames").tag("bridge", bridge).tag("direction", "out").register(registry);
  }

  static BridgeMeters of(Vertx vertx, String bridge) {
    var meters = vertx.sharedData().<String, BridgeMeters>getLocalMap(MAP);
    var existing = meters.get(bridge);
    if (existing != null) {
      return existing;
    }
    var created = new BridgeMeters(NodeRuntime.of(vertx).meters(), bridge);
    var raced = meters.putIfAbsent(bridge, created);
    return raced == null ? created : raced;
  }

  void connectionOpened() {
    open.incrementAndGet();
    opened.increment();
  }

  void connectionClosed() {
    open.decrementAndGet();
  }

  void frameIn() {
    framesIn.increment();
  }

  void frameOut() {
    framesOut.increment();
  }

  void refused(Refusal refusal) {
    Counter.builder("ordermesh.bridge.refusals").tag("bridge", bridge).tag("code", refusal.name())
      .register(registry).increment();
  }
}
