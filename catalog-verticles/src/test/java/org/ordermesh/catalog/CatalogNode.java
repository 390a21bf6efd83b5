package org.ordermesh.catalog;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.ordermesh.auth.AuthService;
import org.ordermesh.catalog.api.CatalogAddresses;
import org.ordermesh.embedded.SharedInfra;
import org.ordermesh.platform.security.BusAuthorization;
import org.ordermesh.platform.security.ServiceToken;
import org.ordermesh.platform.testing.TestNode;

/**
 * A test node running the catalog (and, when tokens are needed, the auth service) on the shared embedded Mongo,
 * each test class in databases of its own.
 */
final class CatalogNode implements AutoCloseable {

  static final String ADMIN_EMAIL = "admin@catalog.test";
  static final String ADMIN_PASSWORD = "admin-password-123";
  private static final long TIMEOUT_SECONDS = 60;
  private static final String ORDER_CLIENT_SECRET = "ORDERMESH_ORDER_CLIENT_SECRET";

  private final TestNode node;
  private final WebClient http;
  private final MongoClient mongo;
  private final boolean withAuth;
  private String adminToken;
  private String customerToken;

  private CatalogNode(TestNode node, WebClient http, MongoClient mongo, boolean withAuth) {
    this.node = node;
    this.http = http;
    this.mongo = mongo;
    this.withAuth = withAuth;
  }

  /** The catalog and auth, with the demo catalog off, over {@code overrides}. */
  static CatalogNode start(JsonObject overrides, boolean withAuth) throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String database = "catalog_test_" + suffix;
    TestNode node = TestNode.start(new JsonObject()
        .put("ORDERMESH_CATALOG_DATABASE", database)
        .put("ORDERMESH_AUTH_DATABASE", "auth_test_" + suffix)
        .put("ORDERMESH_ADMIN_EMAIL", ADMIN_EMAIL)
        .put("ORDERMESH_ADMIN_PASSWORD", ADMIN_PASSWORD)
        .put(CatalogConfig.SEED_DEMO, false)
        .put(ORDER_CLIENT_SECRET, "catalog-test-order-secret")
        .mergeIn(overrides));
    Vertx vertx = node.vertx();
    Future<?> auth = withAuth ? new AuthService().deploy(vertx, node.settings()) : Future.succeededFuture();
    auth.compose(v -> new CatalogService().deploy(vertx, node.settings())).await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    int port = node.runtime().registry().lookupHttp(CatalogService.NAME).await(TIMEOUT_SECONDS, TimeUnit.SECONDS).port();
    WebClient http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    MongoClient mongo = MongoClient.create(vertx, new JsonObject()
        .put("connection_string", SharedInfra.mongoConnectionString()).put("db_name", database));
    return new CatalogNode(node, http, mongo, withAuth);
  }

  Vertx vertx() {
    return node.vertx();
  }

  TestNode testNode() {
    return node;
  }

  /** The catalog's own database, to look behind the API. */
  MongoClient mongo() {
    return mongo;
  }

  String adminToken() throws Exception {
    if (adminToken == null) {
      adminToken = token(ADMIN_EMAIL, ADMIN_PASSWORD);
    }
    return adminToken;
  }

  String customerToken() throws Exception {
    if (customerToken == null) {
      String email = "customer-" + UUID.randomUUID().toString().substring(0, 8) + "@catalog.test";
      HttpResponse<Buffer> registered = authRequest("/api/v1/auth/register",
          new JsonObject().put("email", email).put("password", "customer-password-1").put("name", "Customer"));
      if (registered.statusCode() != 201) {
        throw new AssertionError("registering a customer failed: " + registered.bodyAsString());
      }
      customerToken = token(email, "customer-password-1");
    }
    return customerToken;
  }

  /** A request to the catalog with an optional bearer token and JSON body; blocks for the response. */
  HttpResponse<Buffer> send(HttpMethod method, String uri, String token, JsonObject body) throws Exception {
    HttpRequest<Buffer> request = http.request(method, uri);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    Future<HttpResponse<Buffer>> response = body == null ? request.send() : request.sendJsonObject(body);
    return response.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  HttpRequest<Buffer> request(HttpMethod method, String uri) {
    return http.request(method, uri);
  }

  HttpResponse<Buffer> get(String uri) throws Exception {
    return send(HttpMethod.GET, uri, null, null);
  }

  /** Sends a command on the event bus with the order service's token, as the saga does; needs the auth service. */
  Future<Message<JsonObject>> command(String address, JsonObject message) {
    return serviceToken().compose(token -> command(address, message, "Bearer " + token));
  }

  /** Sends a command with {@code authorization} as its header (null: none), as any process on the bus could. */
  Future<Message<JsonObject>> command(String address, JsonObject message, String authorization) {
    DeliveryOptions options = new DeliveryOptions();
    if (authorization != null) {
      options.addHeader(BusAuthorization.HEADER, authorization);
    }
    return node.vertx().eventBus().request(address, message, options);
  }

  /** The order service's token by client_credentials (scopes catalog.inventory and payment.payments). */
  Future<String> serviceToken() {
    return ServiceToken.forNode(node.vertx(), "order", node.settings().getString(ORDER_CLIENT_SECRET),
        Set.of(CatalogAddresses.SCOPE)).current();
  }

  /** Sends a command with the service token and blocks for the reply body. */
  JsonObject ask(String address, JsonObject message) throws Exception {
    return command(address, message).await(TIMEOUT_SECONDS, TimeUnit.SECONDS).body();
  }

  /** The failure of a request the catalog refused: its code and error code. */
  ReplyException refusal(String address, JsonObject message) {
    return refused(command(address, message));
  }

  /** The failure of a command sent with {@code authorization} (null: none). */
  ReplyException refusal(String address, JsonObject message, String authorization) {
    return refused(command(address, message, authorization));
  }

  private static ReplyException refused(Future<Message<JsonObject>> sent) {
    try {
      sent.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ReplyException e) {
      return e;
    } catch (Exception e) {
      throw new AssertionError("expected a refusal, got " + e, e);
    }
    throw new AssertionError("expected a refusal, got a reply");
  }

  private String token(String email, String password) throws Exception {
    HttpResponse<Buffer> response = authRequest("/api/v1/auth/token",
        new JsonObject().put("grant_type", "password").put("email", email).put("password", password));
    if (response.statusCode() != 200) {
      throw new AssertionError("token request failed: " + response.bodyAsString());
    }
    return response.bodyAsJsonObject().getString("access_token");
  }

  private HttpResponse<Buffer> authRequest(String uri, JsonObject body) throws Exception {
    if (!withAuth) {
      throw new IllegalStateException("this node runs without the auth service");
    }
    int port = node.runtime().registry().lookupHttp(AuthService.NAME).await(TIMEOUT_SECONDS, TimeUnit.SECONDS).port();
    return http.post(port, "127.0.0.1", uri).sendJsonObject(body).await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    mongo.close().await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    node.close();
  }
}
