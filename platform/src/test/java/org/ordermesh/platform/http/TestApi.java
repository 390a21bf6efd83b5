package org.ordermesh.platform.http;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.concurrent.TimeUnit;
import org.ordermesh.embedded.SharedInfra;

/** The test service deployed on a Vert.x instance, and a client that calls it and waits for the answer. */
final class TestApi {

  static final String DATABASE = "platform_http_test";

  private final WebClient client;
  final TestApiVerticle verticle;

  private TestApi(Vertx vertx, TestApiVerticle verticle) {
    this.verticle = verticle;
    this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(verticle.port()));
  }

  static TestApi deploy(Vertx vertx) throws Exception {
    TestApiVerticle verticle = new TestApiVerticle(SharedInfra.mongoConnectionString(), DATABASE);
    vertx.deployVerticle(verticle).await(30, TimeUnit.SECONDS);
    return new TestApi(vertx, verticle);
  }

  HttpResponse<Buffer> get(String uri) throws Exception {
    return client.get(uri).send().await(10, TimeUnit.SECONDS);
  }

  HttpResponse<Buffer> send(HttpMethod method, String uri, String contentType, Buffer body) throws Exception {
    var request = client.request(method, uri);
    if (contentType != null) {
      request.putHeader("Content-Type", contentType);
    }
    return request.sendBuffer(body).await(10, TimeUnit.SECONDS);
  }

  HttpResponse<Buffer> postJson(String uri, String json) throws Exception {
    return send(HttpMethod.POST, uri, "application/json", Buffer.buffer(json));
  }

  static JsonObject problem(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject();
  }

  static String type(String slug) {
    return ProblemType.BASE_URI + slug;
  }
}
