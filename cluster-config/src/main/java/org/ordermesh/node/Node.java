package org.ordermesh.node;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.spi.cluster.hazelcast.ClusterHealthCheck;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.ordermesh.node.admin.NodeAgentVerticle;
import org.ordermesh.node.bridge.BridgeSettings;
import org.ordermesh.node.bridge.TcpBridgeVerticle;
import org.ordermesh.node.cluster.ClusterTls;
import org.ordermesh.node.cluster.DepartedMembers;
import org.ordermesh.node.cluster.HazelcastConfigs;
import org.ordermesh.node.embedded.EmbeddedInfrastructure;
import org.ordermesh.node.gateway.GatewayVerticle;
import org.ordermesh.platform.config.PlatformConfig;
import org.ordermesh.platform.logging.LogFields;
import org.ordermesh.platform.metrics.Metrics;
import org.ordermesh.platform.node.NodeRuntime;
import org.ordermesh.platform.service.ServiceModule;
import org.ordermesh.platform.trace.Tracing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One running node: a Vert.x instance (clustered or standalone), the embedded infrastructure when no
 * real servers are configured, the services it was told to run, and the gateway.
 */
public final class Node {

  private static final Logger log = LoggerFactory.getLogger(Node.class);

  private final Vertx vertx;
  private final NodeRuntime runtime;
  private final EmbeddedInfrastructure infrastructure;
  private final List<String> deployments;
  private final JsonObject serviceSettings;

  private Node(Vertx vertx, NodeRuntime runtime, EmbeddedInfrastructure infrastructure, List<String> deployments,
               JsonObject serviceSettings) {
    this.vertx = vertx;
    this.runtime = runtime;
    this.infrastructure = infrastructure;
    this.deployments = deployments;
    this.serviceSettings = serviceSettings;
  }

  /** Starts a node; called from a thread that may block (main, a test), since the node's secrets are files. */
  public static Future<Node> start(NodeSettings settings) {
    LogFields.nodeId(settings.nodeId());
    var modules = resolveModules(settings.services());
    var secrets = NodeSecrets.complete(settings, new JsonObject());
    var clusterTls = settings.clustered() ? Optional.of(ClusterTls.forNode(settings)) : Optional.<ClusterTls>empty();
    var clusterManager = settings.clustered()
      ? Optional.of(new HazelcastClusterManager(HazelcastConfigs.forNode(settings)))
      : Optional.<HazelcastClusterManager>empty();
    return createVertx(settings, clusterManager, clusterTls).compose(vertx -> EmbeddedInfrastructure.startAsNeeded(vertx, settings)
      .compose(infrastructure -> {
        var serviceSettings = settings.serviceSettings(infrastructure.mongoUri(), infrastructure.kafkaBootstrap())
          .mergeIn(secrets);
        var runtime = NodeRuntime.install(vertx, PlatformConfig.from(serviceSettings), settings.nodeId());
        clusterManager.ifPresent(cluster -> {
          runtime.clusterMemberId(cluster.getNodeId());
          runtime.addReadinessCheck("cluster", ClusterHealthCheck.createProcedure(vertx));
          DepartedMembers.watch(vertx, cluster, runtime.registry());
        });
        return deployAll(vertx, modules, settings, serviceSettings)
          .map(ids -> new Node(vertx, runtime, infrastructure, ids, serviceSettings))
          // Vert.x is closed last, by onFailure below: closed here, nothing after it ran (its event loops refuse
          // the callbacks), so the start hung to its limit and reported a timeout instead of why it failed
          .recover(failure -> runtime.close()
            .transform(v -> vertx.executeBlocking(() -> {
              infrastructure.close();
              return null;
            }))
            .transform(v -> Future.<Node>failedFuture(failure)));
      })
      .onFailure(failure -> vertx.close()));
  }

  public Vertx vertx() {
    return vertx;
  }

  public JsonObject serviceSettings() {
    return serviceSettings;
  }

  /**
   * Stops in the order that loses nothing: report not ready, let each service withdraw from discovery
   * and drain its in-flight requests, close clients, leave the cluster, then stop the embedded servers.
   */
  public Future<Void> stop() {
    log.info("stopping node {}: draining", runtime.config().nodeId());
    runtime.startDraining();
    var undeployed = new ArrayList<Future<Void>>();
    for (var i = deployments.size() - 1; i >= 0; i--) {
      undeployed.add(vertx.undeploy(deployments.get(i)));
    }
    return Future.join(undeployed)
      .transform(v -> runtime.close())
      .transform(v -> vertx.close())
      .compose(v -> {
        infrastructure.close();
        log.info("node {} stopped", runtime.config().nodeId());
        return Future.succeededFuture();
      });
  }

  private static Future<Vertx> createVertx(NodeSettings settings, Optional<HazelcastClusterManager> clusterManager,
                                          Optional<ClusterTls> clusterTls) {
    var options = new VertxOptions().setMetricsOptions(Metrics.options(settings.nodeId()));
    options.getEventBusOptions()
      .setHost(settings.publicHost())
      .setPort(settings.eventBusPort())
      .setClusterPublicHost(settings.publicHost());
    clusterTls.ifPresent(tls -> tls.applyTo(options.getEventBusOptions()));
    var builder = Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory());
    var tracing = Tracing.fromEndpoint(settings.raw().getString(Tracing.OTLP_ENDPOINT), settings.services(), settings.nodeId());
    tracing.ifPresent(sdk -> Tracing.install(builder, sdk));
    return clusterManager.map(cluster -> builder.withClusterManager(cluster).buildClustered())
      .orElseGet(() -> Future.succeededFuture(builder.build()))
      .onSuccess(vertx -> tracing.ifPresent(sdk -> Tracing.shutDownWith(vertx, sdk)));
  }

  private static List<ServiceModule> resolveModules(List<String> names) {
    Map<String, ServiceModule> available = ServiceLoader.load(ServiceModule.class).stream()
      .map(ServiceLoader.Provider::get)
      .collect(Collectors.toMap(ServiceModule::name, Function.identity()));
    var unknown = names.stream().filter(name -> !available.containsKey(name)).toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("ORDERMESH_SERVICES names unknown services " + unknown
        + "; known: " + available.keySet());
    }
    return names.stream().map(available::get).toList();
  }

  private static Future<List<String>> deployAll(Vertx vertx, List<ServiceModule> modules, NodeSettings settings,
                                                JsonObject serviceSettings) {
    Future<List<String>> chain = Future.succeededFuture(new ArrayList<>());
    for (var module : modules) {
      chain = chain.compose(ids -> module.deploy(vertx, serviceSettings).map(more -> {
        ids.addAll(more);
        return ids;
      }));
    }
    // every node answers the console's questions about itself, a gateway-less one too
    chain = chain.compose(ids -> vertx.deployVerticle(NodeAgentVerticle::new, new DeploymentOptions()
      .setConfig(serviceSettings)).map(id -> {
        ids.add(id);
        return ids;
      }));
    if (settings.gateway()) {
      // one instance per core: the gateway holds no state, and one event loop alone caps the read path
      chain = chain.compose(ids -> vertx.deployVerticle(GatewayVerticle::new, new DeploymentOptions()
        .setConfig(serviceSettings).setInstances(Runtime.getRuntime().availableProcessors())).map(id -> {
          ids.add(id);
          return ids;
        }));
      // the TCP bridge is the gateway's counterpart for programs that speak the event bus, not HTTP
      if (BridgeSettings.from(serviceSettings).tcpEnabled()) {
        chain = chain.compose(ids -> vertx.deployVerticle(TcpBridgeVerticle::new, new DeploymentOptions()
          .setConfig(serviceSettings)).map(id -> {
            ids.add(id);
            return ids;
          }));
      }
    }
    return chain;
  }
}
