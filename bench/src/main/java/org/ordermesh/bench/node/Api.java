package org.ordermesh.bench.node;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

/** The few calls setup makes (accounts, tokens, products, stock), each failing with the status and body it got. */
public final class Api {

  private final WebClient client;
  private final String gateway;

  public Api(WebClient client, String gateway) {
    this.client = client;
    this.gateway = gateway;
  }

  public Future<Void> register(String email, String password, String name) {
    return post("/api/v1/auth/register", null,
        new JsonObject().put("email", email).put("password", password).put("name", name), 201).mapEmpty();
  }

  public Future<String> token(String email, String password) {
    return post("/api/v1/auth/token", null,
        new JsonObject().put("grant_type", "password").put("email", email).put("password", password), 200)
        .map(body -> body.getString("access_token"));
  }

  public Future<String> createProduct(String adminToken, JsonObject product) {
    return post("/api/v1/products", adminToken, product, 201).map(body -> body.getString("id"));
  }

  public Future<Void> addStock(String adminToken, String productId, long delta) {
    return post("/api/v1/inventory/" + productId + "/adjustments", adminToken,
        new JsonObject().put("delta", delta).put("reason", "bench setup"), 200, 201).mapEmpty();
  }

  /** Admin: whether any order is still PENDING (sagas still running). */
  public Future<Boolean> anyPendingOrder(String adminToken) {
    return client.getAbs(gateway + "/api/v1/orders?status=PENDING&limit=1").timeout(60_000).bearerTokenAuthentication(adminToken)
        .send().map(response -> expect(response, 200).getJsonArray("items").size() > 0);
  }

  public Future<JsonObject> getOrder(String token, String orderId) {
    return client.getAbs(gateway + "/api/v1/orders/" + orderId).timeout(30_000).bearerTokenAuthentication(token).send()
        .map(response -> expect(response, 200));
  }

  private Future<JsonObject> post(String path, String token, JsonObject body, int... expected) {
    var request = client.postAbs(gateway + path).timeout(60_000);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    return request.sendJsonObject(body).map(response -> expect(response, expected));
  }

  static JsonObject expect(HttpResponse<Buffer> response, int... expected) {
    for (int status : expected) {
      if (response.statusCode() == status) {
        Buffer body = response.body();
        return body == null || body.length() == 0 ? new JsonObject() : body.toJsonObject();
      }
    }
    throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.bodyAsString());
  }
}
