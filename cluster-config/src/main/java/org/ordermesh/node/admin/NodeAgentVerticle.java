package org.ordermesh.node.admin;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.ordermesh.node.NodeSettings;
import org.ordermesh.platform.discovery.ServiceRegistry;
import org.ordermesh.platform.node.NodeRuntime;
import org.ordermesh.platform.peer.PeerClient;

import java.util.ArrayList;
import java.util.List;

/**
 * What the operator's console asks each node, one instance on every node (a gateway-less one too): it
 * answers on {@code ordermesh.admin.node.<node id>} with the node's report (services, readiness of each of
 * its HTTP servers, breakers per peer) or the order flow it hears, and publishes that address in discovery
 * as {@value #RECORD}, so the gateway finds every node of the cluster.
 */
public class NodeAgentVerticle extends VerticleBase {

  static final String RECORD = "ordermesh-node";
  static final String ADDRESS_PREFIX = "ordermesh.admin.node.";
  private static final String ORDER_STATUS = "order.status";
  private static final int HEALTH_TIMEOUT_MILLIS = 3_000;

  private final OrderFlow flow = new OrderFlow();
  private NodeRuntime runtime;
  private NodeSettings settings;
  private WebClient http;
  private ServiceRegistry.Registration registration;

  static String address(String nodeId) {
    return ADDRESS_PREFIX + nodeId;
  }

  @Override
  public Future<?> start() {
    runtime = NodeRuntime.of(vertx);
    settings = NodeSettings.from(config());
    http = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(HEALTH_TIMEOUT_MILLIS));
    MessageConsumer<JsonObject> orders = vertx.eventBus().consumer(ORDER_STATUS,
      change -> flow.heard(change.body(), System.currentTimeMillis()));
    MessageConsumer<JsonObject> requests = vertx.eventBus().consumer(address(settings.nodeId()), this::answer);
    return Future.all(orders.completion(), requests.completion())
      .compose(registered -> runtime.registry().publishEventBus(RECORD, address(settings.nodeId())))
      .onSuccess(published -> registration = published);
  }

  @Override
  public Future<?> stop() {
    http.close();
    return registration == null ? Future.succeededFuture() : runtime.registry().unpublish(registration);
  }

  private void answer(Message<JsonObject> request) {
    var action = request.body() == null ? "" : request.body().getString("action", "");
    switch (action) {
      case "flow" -> request.reply(flow.now(System.currentTimeMillis()).put("node", settings.nodeId()));
      case "report" -> report().onComplete(done -> {
        if (done.succeeded()) {
          request.reply(done.result());
        } else {
          request.fail(500, String.valueOf(done.cause().getMessage()));
        }
      });
      default -> request.fail(400, "unknown action " + action);
    }
  }

  private Future<JsonObject> report() {
    return runtime.registry().published().compose(records -> {
      var servers = new ArrayList<Future<JsonObject>>();
      if (settings.gateway()) {
        servers.add(readiness("gateway", SocketAddress.inetSocketAddress(settings.gatewayPort(), "127.0.0.1")));
      }
      records.stream()
        .filter(record -> settings.nodeId().equals(record.node()) && "http-endpoint".equals(record.type()))
        .forEach(record -> servers.add(readiness(record.name(), hostAndPort(record.location()))));
      return Future.join(servers).map(done -> new JsonObject()
        .put("node", settings.nodeId())
        .put("clusterMember", runtime.clusterMemberId())
        .put("gateway", settings.gateway())
        .put("services", new JsonArray(settings.services()))
        .put("ready", servers.stream().allMatch(server -> "UP".equals(server.result().getString("status"))))
        .put("readiness", new JsonArray(servers.stream().map(Future::result).toList()))
        .put("breakers", breakers()));
    });
  }

  private Future<JsonObject> readiness(String server, SocketAddress address) {
    return http.get(address.port(), address.host(), "/health/ready").timeout(HEALTH_TIMEOUT_MILLIS).send()
      .map(response -> {
        var body = response.bodyAsJsonObject();
        return new JsonObject().put("server", server).put("port", address.port())
          .put("status", response.statusCode() == 200 ? "UP" : "DOWN")
          .put("checks", body == null ? new JsonArray() : body.getJsonArray("checks", new JsonArray()));
      })
      .otherwise(error -> new JsonObject().put("server", server).put("port", address.port()).put("status", "DOWN")
        .put("checks", new JsonArray()).put("error", String.valueOf(error.getMessage())));
  }

  private JsonArray breakers() {
    List<JsonObject> breakers = PeerClient.all(vertx).stream()
      .map(peer -> new JsonObject().put("peer", peer.name()).put("state", peer.state().name())
        .put("failures", peer.failureCount()))
      .sorted((a, b) -> a.getString("peer").compareTo(b.getString("peer")))
      .toList();
    return new JsonArray(breakers);
  }

  private static SocketAddress hostAndPort(String location) {
    int colon = location.lastIndexOf(':');
    return SocketAddress.inetSocketAddress(Integer.parseInt(location.substring(colon + 1)), location.substring(0, colon));
  }
}
