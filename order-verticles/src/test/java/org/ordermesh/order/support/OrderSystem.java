package org.ordermesh.order.support;

import io.opentelemetry.api.OpenTelemetry;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.ordermesh.auth.AuthService;
import org.ordermesh.catalog.CatalogService;
import org.ordermesh.order.OrderService;
import org.ordermesh.payment.PaymentService;
import org.ordermesh.platform.testing.Await;
import org.ordermesh.platform.testing.TestNode;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A node running the four real services on fresh databases of the shared embedded Mongo and Kafka,
 * with a client that speaks to them as customers and an admin would.
 */
public final class OrderSystem implements AutoCloseable {

  public static final String ADMIN_EMAIL = "admin@order.test";
  private static final String ADMIN_PASSWORD = "admin-password-1";
  private static final String CUSTOMER_PASSWORD = "customer-password";

  public final TestNode node;
  private final WebClient http;
  private List<String> orderDeployments;
  private String adminToken;

  private OrderSystem(TestNode node, List<String> orderDeployments) {
    this.node = node;
    this.http = WebClient.create(node.vertx());
    this.orderDeployments = orderDeployments;
  }

  /** Settings for fresh databases, fast password hashing and quick saga retries; {@code overrides} win. */
  public static JsonObject settings(JsonObject overrides) {
    var suffix = UUID.randomUUID().toString().substring(0, 8);
    return new JsonObject()
      .put("ORDERMESH_AUTH_DATABASE", "auth_" + suffix)
      .put("ORDERMESH_CATALOG_DATABASE", "catalog_" + suffix)
      .put("ORDERMESH_PAYMENT_DATABASE", "payment_" + suffix)
      .put("ORDERMESH_ORDER_DATABASE", "order_" + suffix)
      .put("ORDERMESH_ARGON2_MEMORY_KIB", 64)
      .put("ORDERMESH_ARGON2_ITERATIONS", 1)
      .put("ORDERMESH_KEY_ACTIVATION_SECONDS", 0)
      .put("ORDERMESH_JWKS_MIN_REFRESH_SECONDS", 0)
      .put("ORDERMESH_ADMIN_EMAIL", ADMIN_EMAIL)
      .put("ORDERMESH_ADMIN_PASSWORD", ADMIN_PASSWORD)
      .put("ORDERMESH_CATALOG_SEED_DEMO", false)
      .put("ORDERMESH_PAYMENT_SLOW_MS", 300)
      .put("ORDERMESH_PAYMENT_PROVIDER_TIMEOUT_MS", 1_000)
      .put("ORDERMESH_SAGA_RETRY_MS", 20)
      .put("ORDERMESH_SAGA_RETRY_MAX_MS", 100)
      .put("ORDERMESH_SAGA_RESUME_MS", 200)
      .put("ORDERMESH_ORDER_CLIENT_SECRET", "order-test-client-secret")
      .mergeIn(overrides);
  }

  public static OrderSystem start(JsonObject settings) {
    return start(settings, null);
  }

  /** As {@link #start(JsonObject)}, traced into {@code tracing} (null: not traced). */
  public static OrderSystem start(JsonObject settings, OpenTelemetry tracing) {
    var node = TestNode.start(settings, tracing);
    var config = node.settings();
    var orderDeployments = await(new AuthService().deploy(node.vertx(), config)
      .compose(v -> new CatalogService().deploy(node.vertx(), config))
      .compose(v -> new PaymentService().deploy(node.vertx(), config))
      .compose(v -> new OrderService().deploy(node.vertx(), config)));
    return new OrderSystem(node, orderDeployments);
  }

  /** What a restart of the node does to the order service: every one of its verticles stopped, then started again. */
  public void restartOrderService() {
    var vertx = node.vertx();
    await(Future.all(orderDeployments.stream().map(vertx::undeploy).toList()));
    orderDeployments = await(new OrderService().deploy(vertx, node.settings()));
  }

  public static <T> T await(Future<T> future) {
    try {
      return future.await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public int port(String service) {
    return await(node.runtime().registry().lookupHttp(service)).port();
  }

  public HttpRequest<Buffer> request(String service, HttpMethod method, String path, String token) {
    var request = http.request(method, port(service), "127.0.0.1", path);
    return token == null ? request : request.bearerTokenAuthentication(token);
  }

  public String adminToken() {
    if (adminToken == null) {
      adminToken = login(ADMIN_EMAIL, ADMIN_PASSWORD);
    }
    return adminToken;
  }

  /** Registers a new customer and answers its access token. */
  public String newCustomer() {
    var email = "c-" + UUID.randomUUID() + "@order.test";
    var registered = await(request("auth", HttpMethod.POST, "/api/v1/auth/register", null).sendJsonObject(
      new JsonObject().put("email", email).put("password", CUSTOMER_PASSWORD).put("name", "Customer")));
    if (registered.statusCode() != 201) {
      throw new IllegalStateException("registration failed: " + registered.bodyAsString());
    }
    return login(email, CUSTOMER_PASSWORD);
  }

  private String login(String email, String password) {
    var response = await(request("auth", HttpMethod.POST, "/api/v1/auth/token", null).sendJsonObject(
      new JsonObject().put("grant_type", "password").put("email", email).put("password", password)));
    return response.bodyAsJsonObject().getString("access_token");
  }

  /** Creates a product priced {@code price} with {@code stock} units available; answers its id. */
  public String product(String price, int stock) {
    var created = await(request("catalog", HttpMethod.POST, "/api/v1/products", adminToken()).sendJsonObject(
      new JsonObject().put("name", "Widget " + UUID.randomUUID().toString().substring(0, 6))
        .put("description", "for tests").put("category", "tests").put("price", new java.math.BigDecimal(price))
        .put("currency", "EUR").put("sku", "SKU-" + UUID.randomUUID().toString().substring(0, 12))
        .put("attributes", new JsonObject())));
    if (created.statusCode() != 201) {
      throw new IllegalStateException("product creation failed: " + created.bodyAsString());
    }
    var id = created.bodyAsJsonObject().getString("id");
    var adjusted = await(request("catalog", HttpMethod.POST, "/api/v1/inventory/" + id + "/adjustments", adminToken())
      .sendJsonObject(new JsonObject().put("delta", stock).put("reason", "initial stock")));
    if (adjusted.statusCode() >= 300) {
      throw new IllegalStateException("stock adjustment failed: " + adjusted.bodyAsString());
    }
    return id;
  }

  public JsonObject inventory(String productId) {
    return await(request("catalog", HttpMethod.GET, "/api/v1/inventory/" + productId, adminToken()).send())
      .bodyAsJsonObject();
  }

  public static JsonObject orderBody(String productId, int quantity, String paymentMethod) {
    return new JsonObject()
      .put("items", new JsonArray().add(new JsonObject().put("productId", productId).put("quantity", quantity)))
      .put("paymentMethod", paymentMethod)
      .put("shippingAddress", new JsonObject().put("name", "Ada Lovelace").put("line1", "1 Analytical Way")
        .put("city", "London").put("postalCode", "N1 1AA").put("country", "GB"));
  }

  public Future<HttpResponse<Buffer>> placeOrder(String token, String key, JsonObject body) {
    return request("order", HttpMethod.POST, "/api/v1/orders", token).putHeader("Idempotency-Key", key)
      .sendJsonObject(body);
  }

  public JsonObject order(String token, String id) {
    return await(request("order", HttpMethod.GET, "/api/v1/orders/" + id, token).send()).bodyAsJsonObject();
  }

  /** Waits until the order leaves PENDING and answers it. */
  public JsonObject settledOrder(String token, String id) {
    Await.until(Duration.ofSeconds(30), () -> !"PENDING".equals(order(token, id).getString("status")));
    return order(token, id);
  }

  public JsonObject saga(String id) {
    return await(request("order", HttpMethod.GET, "/api/v1/orders/" + id + "/saga", adminToken()).send())
      .bodyAsJsonObject();
  }

  public JsonArray payments(String token, String orderId) {
    return await(request("payment", HttpMethod.GET, "/api/v1/payments?orderId=" + orderId, token).send())
      .bodyAsJsonObject().getJsonArray("items");
  }

  @Override
  public void close() throws Exception {
    node.close();
  }
}
