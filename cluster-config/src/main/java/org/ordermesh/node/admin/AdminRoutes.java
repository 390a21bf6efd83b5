package org.ordermesh.node.admin;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.ordermesh.platform.discovery.ServiceRegistry;
import org.ordermesh.platform.http.ApiException;
import org.ordermesh.platform.http.Endpoints;
import org.ordermesh.platform.http.FieldError;
import org.ordermesh.platform.http.QueryParams;
import org.ordermesh.platform.node.NodeRuntime;
import org.ordermesh.platform.security.Authentication;
import org.ordermesh.platform.security.Authorization;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The node-level admin endpoints under {@value #PREFIX} on the gateway, for the operator's console (admin
 * token required): the order flow, the cluster's nodes with their services, readiness and breakers, and the
 * dead letters of every {@code <topic>.dlq} with their replay. See docs/console.md.
 */
public final class AdminRoutes {

  public static final String PREFIX = "/api/v1/admin";
  private static final long NODE_TIMEOUT_MILLIS = 5_000;
  private static final int DEFAULT_LETTERS = 50;
  private static final int MAX_LETTERS = 500;

  private final Vertx vertx;
  private final NodeRuntime runtime;
  private final DeadLetterStore deadLetters;

  private AdminRoutes(Vertx vertx) {
    this.vertx = vertx;
    this.runtime = NodeRuntime.of(vertx);
    this.deadLetters = new DeadLetterStore(vertx, runtime.config().kafkaBootstrap());
  }

  public static void mount(Router router, Vertx vertx, JsonObject settings) {
    var routes = new AdminRoutes(vertx);
    router.route(PREFIX + "/*").handler(Authentication.required(vertx, settings)).handler(Authorization.role("admin"));

    router.get(PREFIX + "/flow").handler(Endpoints.handler(routes::getFlow));
    router.get(PREFIX + "/cluster").handler(Endpoints.handler(routes::getCluster));

    router.get(PREFIX + "/dead-letters").handler(Endpoints.handler(routes::listDeadLetterTopics));
    router.get(PREFIX + "/dead-letters/:topic").handler(Endpoints.handler(routes::listDeadLetters));
    router.post(PREFIX + "/dead-letters/:topic/replay").handler(Endpoints.handler(routes::replayAll));
    router.post(PREFIX + "/dead-letters/:topic/:partition/:offset/replay").handler(Endpoints.handler(routes::replayOne));
  }

  private Future<Void> getFlow(RoutingContext ctx) {
    return askNode(runtime.config().nodeId(), "flow").compose(flow -> json(ctx, 200, flow));
  }

  private Future<Void> getCluster(RoutingContext ctx) {
    return runtime.registry().published().compose(records -> {
      var nodes = records.stream().filter(record -> NodeAgentVerticle.RECORD.equals(record.name()))
        .map(ServiceRegistry.Published::node).distinct().sorted().toList();
      var reports = nodes.stream().map(node -> report(node, records)).toList();
      return Future.join(reports).map(done -> new JsonObject()
        .put("node", runtime.config().nodeId())
        .put("members", new JsonArray(reports.stream().map(Future::result).toList())));
    }).compose(cluster -> json(ctx, 200, cluster));
  }

  private Future<JsonObject> report(String node, List<ServiceRegistry.Published> records) {
    var published = new JsonArray(records.stream()
      .filter(record -> node.equals(record.node()) && !NodeAgentVerticle.RECORD.equals(record.name()))
      .sorted(Comparator.comparing(ServiceRegistry.Published::name))
      .map(record -> new JsonObject().put("name", record.name()).put("type", record.type()).put("location", record.location()))
      .toList());
    return askNode(node, "report")
      .map(report -> report.put("reachable", true).put("published", published))
      .otherwise(error -> new JsonObject().put("node", node).put("reachable", false).put("ready", false)
        .put("error", String.valueOf(error.getMessage())).put("published", published));
  }

  private Future<JsonObject> askNode(String node, String action) {
    return vertx.eventBus().<JsonObject>request(NodeAgentVerticle.address(node),
        new JsonObject().put("v", 1).put("action", action), new DeliveryOptions().setSendTimeout(NODE_TIMEOUT_MILLIS))
      .map(reply -> reply.body());
  }

  private Future<Void> listDeadLetterTopics(RoutingContext ctx) {
    return deadLetters.topics().compose(topics -> json(ctx, 200, new JsonObject().put("topics", topics)));
  }

  private Future<Void> listDeadLetters(RoutingContext ctx) {
    var topic = topic(ctx);
    int limit = QueryParams.read(ctx, q -> q.optionalInt("limit", 1, MAX_LETTERS, DEFAULT_LETTERS));
    return deadLetters.letters(topic, limit)
      .compose(letters -> json(ctx, 200, new JsonObject().put("topic", topic).put("items", letters)));
  }

  private Future<Void> replayAll(RoutingContext ctx) {
    var topic = topic(ctx);
    return deadLetters.replayAll(topic)
      .compose(replayed -> json(ctx, 202, new JsonObject().put("topic", topic).put("replayed", replayed)));
  }

  private Future<Void> replayOne(RoutingContext ctx) {
    var topic = topic(ctx);
    var errors = new ArrayList<FieldError>();
    int partition = (int) number(ctx, "partition", Integer.MAX_VALUE, errors);
    long offset = number(ctx, "offset", Long.MAX_VALUE, errors);
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
    return deadLetters.replayOne(topic, partition, offset)
      .compose(replayed -> json(ctx, 202, new JsonObject().put("topic", topic)
        .put("replayed", new JsonArray().add(replayed))));
  }

  private static String topic(RoutingContext ctx) {
    var topic = ctx.pathParam("topic");
    if (!DeadLetterStore.isDeadLetterTopic(topic)) {
      throw ApiException.invalid("topic", "must be a dead-letter topic: letters, digits, '.', '_' or '-', ending in .dlq");
    }
    return topic;
  }

  private static long number(RoutingContext ctx, String name, long max, List<FieldError> errors) {
    try {
      long value = Long.parseLong(ctx.pathParam(name));
      if (value >= 0 && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below with the range
    }
    errors.add(new FieldError(name, "must be an integer from 0 to " + max));
    return -1;
  }

  private static Future<Void> json(RoutingContext ctx, int status, JsonObject body) {
    return ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
  }
}
