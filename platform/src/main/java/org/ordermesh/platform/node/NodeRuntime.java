package org.ordermesh.platform.node;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;
import io.vertx.ext.healthchecks.Status;
import org.ordermesh.platform.config.PlatformConfig;
import org.ordermesh.platform.discovery.DiscoveryServiceRegistry;
import org.ordermesh.platform.discovery.ServiceRegistry;
import org.ordermesh.platform.health.KafkaProbe;
import org.ordermesh.platform.metrics.Metrics;
import org.ordermesh.platform.service.LocalService;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the services of one node share: identity, service registry, metrics registry, readiness
 * state. Kept in the Vert.x instance's local shared data, so each {@code Vertx} (two in a clustering
 * test) has its own.
 */
public final class NodeRuntime implements Shareable {

  private static final String MAP = "ordermesh.node";
  private static final String KEY = "runtime";

  private final PlatformConfig config;
  private final String metricsRegistryName;
  private final ServiceRegistry registry;
  private final KafkaProbe kafkaProbe;
  private final AtomicBoolean draining = new AtomicBoolean();
  private volatile String clusterMemberId;
  private final Map<String, Handler<Promise<Status>>> readinessChecks = new ConcurrentHashMap<>();
  private final Map<String, LocalService> localServices = new ConcurrentHashMap<>();

  private NodeRuntime(Vertx vertx, PlatformConfig config, String metricsRegistryName) {
    this.config = config;
    this.metricsRegistryName = metricsRegistryName;
    this.registry = new DiscoveryServiceRegistry(vertx, config.nodeId(), this::clusterMemberId);
    this.kafkaProbe = new KafkaProbe(vertx, config.kafkaBootstrap());
  }

  /** Called once per Vert.x instance, by the launcher (or a test), before any service deploys. */
  public static NodeRuntime install(Vertx vertx, PlatformConfig config, String metricsRegistryName) {
    var runtime = new NodeRuntime(vertx, config, metricsRegistryName);
    var previous = vertx.sharedData().<String, NodeRuntime>getLocalMap(MAP).putIfAbsent(KEY, runtime);
    if (previous != null) {
      throw new IllegalStateException("a NodeRuntime is already installed on this Vert.x instance");
    }
    return runtime;
  }

  public static NodeRuntime of(Vertx vertx) {
    return find(vertx).orElseThrow(() -> new IllegalStateException("no NodeRuntime installed on this Vert.x instance"));
  }

  /** The installed runtime, if any: a test may run a router on a bare Vert.x. */
  public static Optional<NodeRuntime> find(Vertx vertx) {
    return Optional.ofNullable(vertx.sharedData().<String, NodeRuntime>getLocalMap(MAP).get(KEY));
  }

  public PlatformConfig config() {
    return config;
  }

  public ServiceRegistry registry() {
    return registry;
  }

  public String metricsRegistryName() {
    return metricsRegistryName;
  }

  public MeterRegistry meters() {
    return Metrics.registry(metricsRegistryName);
  }

  public KafkaProbe kafkaProbe() {
    return kafkaProbe;
  }

  /** This node's id in the cluster, set by the launcher of a clustered node; null on a standalone one. */
  public String clusterMemberId() {
    return clusterMemberId;
  }

  public void clusterMemberId(String id) {
    this.clusterMemberId = id;
  }

  public boolean draining() {
    return draining.get();
  }

  /** From now on every service of this node reports not ready. */
  public void startDraining() {
    draining.set(true);
  }

  /** Adds a node-wide readiness check (cluster membership, say) that every service reports. */
  public void addReadinessCheck(String name, Handler<Promise<Status>> procedure) {
    readinessChecks.put(name, procedure);
  }

  public Map<String, Handler<Promise<Status>>> readinessChecks() {
    return Map.copyOf(readinessChecks);
  }

  /** Lets this node's gateway run requests for {@code service} in-process while it is offered. */
  public void offerLocally(LocalService service) {
    localServices.put(service.name(), service);
  }

  public void withdrawLocally(LocalService service) {
    localServices.remove(service.name(), service);
  }

  /** The service of that name running in this process, if it offers its routes. */
  public Optional<LocalService> localService(String name) {
    return Optional.ofNullable(localServices.get(name));
  }

  public Future<Void> close() {
    return Future.join(registry.close(), kafkaProbe.close()).mapEmpty();
  }
}
