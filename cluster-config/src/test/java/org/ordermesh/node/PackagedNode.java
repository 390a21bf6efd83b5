package org.ordermesh.node;

import io.vertx.core.json.JsonObject;
import org.ordermesh.platform.testing.Await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java -jar ordermesh-node.jar} on its embedded default in a process of its own, on free ports, for the
 * console's browser tests: started ready (gateway and demo catalog answering), stopped with SIGTERM.
 */
final class PackagedNode implements AutoCloseable {

  static final String ADMIN_EMAIL = "admin@ordermesh.local";
  static final String ADMIN_PASSWORD = "console-it-password";
  private static final Duration STARTUP_LIMIT = Duration.ofSeconds(90);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Map<String, Integer> ports;
  private final Process process;

  private PackagedNode(Map<String, Integer> ports, Process process) {
    this.ports = ports;
    this.process = process;
  }

  /** A node with its data under {@code dir} and {@code settings} over its defaults. */
  static PackagedNode start(Path dir, Map<String, String> settings) throws IOException {
    var ports = freePorts();
    var command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-Xmx512m", "-jar", System.getProperty("ordermesh.node.jar"));
    var builder = new ProcessBuilder(command)
      .redirectOutput(dir.resolve("node.log").toFile()).redirectError(dir.resolve("stderr.log").toFile());
    builder.environment().put("ORDERMESH_DATA", dir.resolve("node").toString());
    builder.environment().put("ORDERMESH_ADMIN_PASSWORD", ADMIN_PASSWORD);
    ports.forEach((key, value) -> builder.environment().put(key, String.valueOf(value)));
    builder.environment().putAll(settings);
    var node = new PackagedNode(ports, builder.start());
    Await.until(STARTUP_LIMIT, () -> node.process.isAlive() && node.status("/health/ready") == 200
      && node.status("/api/v1/products/demo-mug") == 200);
    return node;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + ports.get("ORDERMESH_GATEWAY_PORT");
  }

  String kafkaBootstrap() {
    return "127.0.0.1:" + ports.get("ORDERMESH_EMBEDDED_KAFKA_PORT");
  }

  String token(String email, String password) {
    var response = post("/api/v1/auth/token", null,
      new JsonObject().put("grant_type", "password").put("email", email).put("password", password), Map.of());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body()).getString("access_token");
  }

  HttpResponse<String> get(String path, String token) {
    return send(request(path, token).GET().build());
  }

  HttpResponse<String> post(String path, String token, JsonObject body, Map<String, String> headers) {
    var request = request(path, token).header("Content-Type", "application/json")
      .POST(HttpRequest.BodyPublishers.ofString(body.encode()));
    headers.forEach(request::header);
    return send(request.build());
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private HttpRequest.Builder request(String path, String token) {
    var request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30));
    return token == null ? request : request.header("Authorization", "Bearer " + token);
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(request.method() + " " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private int status(String path) {
    try {
      return http.send(request(path, null).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /**
   * A free port for every server a node opens, keyed by its setting, so that a node started by a test never meets
   * another on the machine (a node run from the README listens on the defaults).
   */
  static Map<String, Integer> freePorts() throws IOException {
    var ports = new LinkedHashMap<String, Integer>();
    for (var key : List.of("GATEWAY", "BRIDGE", "AUTH", "CATALOG", "ORDER", "PAYMENT", "EMBEDDED_MONGO", "EMBEDDED_KAFKA")) {
      ports.put("ORDERMESH_" + key + "_PORT", freePort());
    }
    return ports;
  }

  static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
