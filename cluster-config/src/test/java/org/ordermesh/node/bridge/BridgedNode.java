package org.ordermesh.node.bridge;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.ordermesh.embedded.SharedInfra;
import org.ordermesh.node.Node;
import org.ordermesh.node.NodeSettings;
import org.ordermesh.platform.testing.Await;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A whole node in this JVM (every service, the gateway and both bridges) on the shared embedded Mongo and
 * Kafka, with its own databases and free ports, and the callers the bridge tests need: customers, the
 * admin, and service clients with the {@code saga.step} and {@code catalog.inventory} scopes.
 */
public final class BridgedNode implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BridgedNode.class);
  static final String ADMIN_EMAIL = "admin@bridges.test";
  static final String ADMIN_PASSWORD = "correct-horse-battery";
  static final String STEP_CLIENT = "risk";
  static final String INVENTORY_CLIENT = "stock-bot";
  static final String SECRET = "bridge-test-secret";

  final Node node;
  final int gatewayPort;
  final int bridgePort;
  final WebClient http;
  private final JsonObject config;

  private BridgedNode(Node node, int gatewayPort, int bridgePort, JsonObject config) {
    this.node = node;
    this.gatewayPort = gatewayPort;
    this.bridgePort = bridgePort;
    this.config = config;
    this.http = WebClient.create(node.vertx());
  }

  public static BridgedNode start() throws Exception {
    return start(new JsonObject());
  }

  /** A node with {@code overrides} over the settings above. */
  public static BridgedNode start(JsonObject overrides) throws Exception {
    var suffix = UUID.randomUUID().toString().substring(0, 8);
    var gatewayPort = freePort();
    var bridgePort = freePort();
    var config = new JsonObject()
      .put("ORDERMESH_NODE_ID", "bridges-" + suffix)
      .put("MONGO_URI", SharedInfra.mongoConnectionString())
      .put("KAFKA_BOOTSTRAP", SharedInfra.kafkaBootstrapServers())
      .put("ORDERMESH_GATEWAY_PORT", gatewayPort)
      .put("ORDERMESH_BRIDGE_PORT", bridgePort)
      .put("ORDERMESH_AUTH_PORT", freePort())
      .put("ORDERMESH_CATALOG_PORT", freePort())
      .put("ORDERMESH_ORDER_PORT", freePort())
      .put("ORDERMESH_PAYMENT_PORT", freePort())
      .put("ORDERMESH_DRAIN_SECONDS", 1)
      .put("ORDERMESH_ADMIN_EMAIL", ADMIN_EMAIL)
      .put("ORDERMESH_ADMIN_PASSWORD", ADMIN_PASSWORD)
      .put("ORDERMESH_AUTH_CLIENT_SECRETS", new JsonObject()
        .put(STEP_CLIENT, new JsonObject().put("secret", SECRET).put("scopes", new JsonArray().add("saga.step")))
        .put(INVENTORY_CLIENT, new JsonObject().put("secret", SECRET).put("scopes", new JsonArray().add("catalog.inventory")))
        .encode());
    for (var service : new String[] {"AUTH", "CATALOG", "ORDER", "PAYMENT"}) {
      config.put("ORDERMESH_" + service + "_DATABASE", "bridges_" + service.toLowerCase() + "_" + suffix);
    }
    config.mergeIn(overrides);
    var defaults = new JsonObject(new String(BridgedNode.class.getClassLoader()
      .getResourceAsStream(NodeSettings.DEFAULTS_RESOURCE).readAllBytes()));
    var node = Node.start(NodeSettings.from(defaults.mergeIn(config)))
      .onFailure(failure -> log.error("the bridged node did not start", failure))
      .await(180, TimeUnit.SECONDS);
    var started = new BridgedNode(node, gatewayPort, bridgePort, config);
    Await.until(Duration.ofSeconds(60), () -> started.status("/health/ready") == 200);
    return started;
  }

  public Node node() {
    return node;
  }

  public int gatewayPort() {
    return gatewayPort;
  }

  /** The port of {@code service}'s own HTTP server. */
  public int servicePort(String service) {
    return config.getInteger("ORDERMESH_" + service.toUpperCase() + "_PORT");
  }

  int status(String path) {
    try {
      return http.get(gatewayPort, "127.0.0.1", path).send().await(10, TimeUnit.SECONDS).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  /** A new customer's access token; its {@code sub} is the customer id orders carry. */
  String customerToken() throws Exception {
    var email = "c-" + UUID.randomUUID() + "@bridges.test";
    var registered = http.post(gatewayPort, "127.0.0.1", "/api/v1/auth/register").sendJsonObject(new JsonObject()
      .put("email", email).put("password", ADMIN_PASSWORD).put("name", "Bridge Customer")).await(10, TimeUnit.SECONDS);
    if (registered.statusCode() != 201) {
      throw new IllegalStateException("register answered " + registered.statusCode() + " " + registered.bodyAsString());
    }
    return token(new JsonObject().put("grant_type", "password").put("email", email).put("password", ADMIN_PASSWORD));
  }

  String adminToken() throws Exception {
    return token(new JsonObject().put("grant_type", "password").put("email", ADMIN_EMAIL).put("password", ADMIN_PASSWORD));
  }

  String clientToken(String clientId) throws Exception {
    return token(new JsonObject().put("grant_type", "client_credentials").put("client_id", clientId).put("client_secret", SECRET));
  }

  private String token(JsonObject grant) throws Exception {
    var response = http.post(gatewayPort, "127.0.0.1", "/api/v1/auth/token").sendJsonObject(grant).await(10, TimeUnit.SECONDS);
    if (response.statusCode() != 200) {
      throw new IllegalStateException("token answered " + response.statusCode() + " " + response.bodyAsString());
    }
    return response.bodyAsJsonObject().getString("access_token");
  }

  /** A new product priced {@code price} (EUR) with {@code stock} units available; answers its id. */
  String product(String price, int stock) throws Exception {
    var admin = adminToken();
    var created = http.post(gatewayPort, "127.0.0.1", "/api/v1/products").bearerTokenAuthentication(admin)
      .sendJsonObject(new JsonObject().put("name", "Bridged " + UUID.randomUUID().toString().substring(0, 6))
        .put("description", "for bridge tests").put("category", "tests").put("price", new java.math.BigDecimal(price))
        .put("currency", "EUR").put("sku", "SKU-" + UUID.randomUUID().toString().substring(0, 12))
        .put("attributes", new JsonObject()))
      .await(10, TimeUnit.SECONDS);
    if (created.statusCode() != 201) {
      throw new IllegalStateException("product creation answered " + created.statusCode() + " " + created.bodyAsString());
    }
    var id = created.bodyAsJsonObject().getString("id");
    var adjusted = http.post(gatewayPort, "127.0.0.1", "/api/v1/inventory/" + id + "/adjustments")
      .bearerTokenAuthentication(admin).sendJsonObject(new JsonObject().put("delta", stock).put("reason", "initial stock"))
      .await(10, TimeUnit.SECONDS);
    if (adjusted.statusCode() >= 300) {
      throw new IllegalStateException("stock adjustment answered " + adjusted.statusCode() + " " + adjusted.bodyAsString());
    }
    return id;
  }

  /** The product's stock as {@code GET /api/v1/inventory/{productId}} shows it to the admin. */
  JsonObject inventory(String productId) {
    try {
      return http.get(gatewayPort, "127.0.0.1", "/api/v1/inventory/" + productId).bearerTokenAuthentication(adminToken())
        .send().await(10, TimeUnit.SECONDS).bodyAsJsonObject();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The id of one product of the demo catalog. */
  String someProductId() throws Exception {
    var response = http.get(gatewayPort, "127.0.0.1", "/api/v1/products?limit=1").send().await(10, TimeUnit.SECONDS);
    return response.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("id");
  }

  @Override
  public void close() throws Exception {
    http.close();
    node.stop().await(60, TimeUnit.SECONDS);
  }

  static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
