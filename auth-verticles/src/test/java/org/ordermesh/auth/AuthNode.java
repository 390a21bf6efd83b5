package org.ordermesh.auth;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.ordermesh.platform.testing.TestNode;

/** A test node running the real auth service on its own database, with a client that speaks to it. */
final class AuthNode implements AutoCloseable {

  static final String ADMIN_EMAIL = "admin@test.local";
  static final String ADMIN_PASSWORD = "admin-password-1";

  final TestNode node;
  final WebClient http;
  final int port;

  private AuthNode(TestNode node, int port) {
    this.node = node;
    this.port = port;
    this.http = WebClient.create(node.vertx());
  }

  /** Settings for a fresh auth database: cheap Argon2, keys that sign at once, a known admin and one client. */
  static JsonObject settings() {
    return new JsonObject()
        .put("ORDERMESH_AUTH_DATABASE", "auth_test_" + UUID.randomUUID().toString().substring(0, 8))
        .put("ORDERMESH_ARGON2_MEMORY_KIB", 64)
        .put("ORDERMESH_ARGON2_ITERATIONS", 1)
        .put("ORDERMESH_KEY_ACTIVATION_SECONDS", 0)
        .put("ORDERMESH_JWKS_MIN_REFRESH_SECONDS", 0)
        .put("ORDERMESH_SIGNING_KEY_PASSPHRASE", "test passphrase")
        .put("ORDERMESH_ADMIN_EMAIL", ADMIN_EMAIL)
        .put("ORDERMESH_ADMIN_PASSWORD", ADMIN_PASSWORD)
        .put("ORDERMESH_AUTH_TRUSTED_PROXIES", "127.0.0.1")
        .put("ORDERMESH_AUTH_CLIENT_SECRETS",
            "{\"order\": {\"secret\": \"order-secret-value\", \"scopes\": [\"catalog.inventory\", \"payment.payments\"]}}");
  }

  static AuthNode start(JsonObject settings) {
    TestNode node = TestNode.start(settings);
    await(new AuthService().deploy(node.vertx(), node.settings()));
    int port = await(node.runtime().registry().lookupHttp(AuthService.NAME)).port();
    return new AuthNode(node, port);
  }

  HttpRequest<Buffer> request(HttpMethod method, String path) {
    return http.request(method, port, "127.0.0.1", path);
  }

  HttpResponse<Buffer> post(String path, JsonObject body) {
    return await(request(HttpMethod.POST, path).sendJsonObject(body));
  }

  HttpResponse<Buffer> get(String path, String token) {
    return await(request(HttpMethod.GET, path).bearerTokenAuthentication(token).send());
  }

  HttpResponse<Buffer> register(String email, String password) {
    return post("/api/v1/auth/register", new JsonObject().put("email", email).put("password", password).put("name", "Test User"));
  }

  HttpResponse<Buffer> login(String email, String password, String address) {
    return await(request(HttpMethod.POST, "/api/v1/auth/token").putHeader("X-Forwarded-For", address)
        .sendJsonObject(new JsonObject().put("grant_type", "password").put("email", email).put("password", password)));
  }

  /** Registers a fresh customer and returns its token response. */
  JsonObject customerTokens() {
    String email = "c-" + UUID.randomUUID() + "@test.local";
    register(email, "customer-password");
    return login(email, "customer-password", "10.0.0.1").bodyAsJsonObject();
  }

  JsonObject adminTokens() {
    return login(ADMIN_EMAIL, ADMIN_PASSWORD, "10.0.0.1").bodyAsJsonObject();
  }

  static <T> T await(Future<T> future) {
    try {
      return future.await(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() throws Exception {
    http.close();
    node.close();
  }
}
