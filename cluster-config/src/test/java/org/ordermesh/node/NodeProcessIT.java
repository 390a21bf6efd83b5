package org.ordermesh.node;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ordermesh.platform.testing.Await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The node as an operator runs it: {@code java -jar ordermesh-node.jar} on its embedded default, in its
 * own process, stopped with SIGTERM. Ports are free ones rather than the defaults so that the test
 * can run beside a developer's node.
 */
@DisplayName("the packaged node")
class NodeProcessIT {

  private static final Duration STARTUP_LIMIT = Duration.ofSeconds(60);
  private static final Duration STOP_LIMIT = Duration.ofSeconds(15);
  private static final String MISSING_PRODUCT = "no-such-product";

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Vertx vertx = Vertx.vertx();
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private Process process;

  @AfterEach
  void cleanUp() throws Exception {
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("starts every service on its embedded default, logs JSON, stops on SIGTERM without an error and keeps its data")
  void runsStopsAndRestarts(@TempDir Path data) throws Exception {
    ports.putAll(PackagedNode.freePorts());

    var firstLog = data.resolve("first.log");
    process = start(data, firstLog);
    awaitReady();
    for (var service : List.of("AUTH", "CATALOG", "ORDER", "PAYMENT")) {
      assertThat(get(port(service), "/metrics").body()).contains("vertx_http_server_requests_total");
    }
    assertThat(new JsonObject(get(port("GATEWAY"), "/api/v1/openapi.json").body()).getString("openapi")).isEqualTo("3.1.0");
    try (var bridge = new java.net.Socket("127.0.0.1", port("BRIDGE"))) {
      assertThat(bridge.isConnected()).as("the TCP bridge listens").isTrue();
    }
    var missing = get(port("GATEWAY"), "/api/v1/products/" + MISSING_PRODUCT);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("content-type")).hasValue("application/problem+json");
    var mongo = MongoClient.create(vertx, new JsonObject()
      .put("connection_string", "mongodb://127.0.0.1:" + port("EMBEDDED_MONGO")).put("db_name", "restart_it"));
    mongo.insert("notes", new JsonObject().put("_id", "kept").put("text", "written before a restart"))
      .await(10, TimeUnit.SECONDS);
    var kafka = "127.0.0.1:" + port("EMBEDDED_KAFKA");
    var producer = KafkaProducer.<String, String>create(vertx, Map.of("bootstrap.servers", kafka,
      "key.serializer", "org.apache.kafka.common.serialization.StringSerializer",
      "value.serializer", "org.apache.kafka.common.serialization.StringSerializer", "acks", "all"));
    producer.send(KafkaProducerRecord.create("restart.it", "k", "kept")).await(30, TimeUnit.SECONDS);
    producer.close().await(10, TimeUnit.SECONDS);
    mongo.close().await(10, TimeUnit.SECONDS);

    stopWithSigterm();
    assertThat(jsonShare(firstLog)).isGreaterThanOrEqualTo(0.95);
    // an operator's routine stop: nothing in it may read as a failure
    assertThat(errorLines(firstLog)).isEmpty();
    // catalog runs in this process, so the gateway handed the request to catalog's router: one access line, catalog's
    assertThat(accessLoggers(firstLog, "/api/v1/products/" + MISSING_PRODUCT)).containsExactly("org.ordermesh.catalog.access");

    process = start(data, data.resolve("second.log"));
    awaitReady();
    var reopened = MongoClient.create(vertx, new JsonObject()
      .put("connection_string", "mongodb://127.0.0.1:" + port("EMBEDDED_MONGO")).put("db_name", "restart_it"));
    var note = reopened.findOne("notes", new JsonObject().put("_id", "kept"), null).await(10, TimeUnit.SECONDS);
    assertThat(note.getString("text")).isEqualTo("written before a restart");
    assertThat(readFirstRecord(kafka)).isEqualTo("kept");
    reopened.close().await(10, TimeUnit.SECONDS);
    stopWithSigterm();
    assertThat(errorLines(data.resolve("second.log"))).isEmpty();
  }

  private Process start(Path data, Path log) throws IOException {
    var command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-Xmx512m", "-jar", System.getProperty("ordermesh.node.jar"));
    var builder = new ProcessBuilder(command).redirectErrorStream(false)
      .redirectOutput(log.toFile()).redirectError(data.resolve("stderr.log").toFile());
    builder.environment().put("ORDERMESH_DATA", data.resolve("node").toString());
    builder.environment().put("ORDERMESH_ADMIN_PASSWORD", "correct-horse-battery");
    ports.forEach((key, value) -> builder.environment().put(key, String.valueOf(value)));
    return builder.start();
  }

  private void awaitReady() {
    for (var service : List.of("GATEWAY", "AUTH", "CATALOG", "ORDER", "PAYMENT")) {
      Await.until(STARTUP_LIMIT, () -> process.isAlive() && status(port(service), "/health/ready") == 200);
      assertThat(status(port(service), "/health/live")).isEqualTo(200);
    }
  }

  private void stopWithSigterm() throws InterruptedException {
    process.destroy();
    assertThat(process.waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS)).as("stopped within %s", STOP_LIMIT).isTrue();
  }

  private String readFirstRecord(String bootstrap) throws Exception {
    var consumer = KafkaConsumer.<String, String>create(vertx, Map.of("bootstrap.servers", bootstrap,
      "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
      "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
      "group.id", "restart-it", "auto.offset.reset", "earliest", "enable.auto.commit", "false"));
    var received = new CopyOnWriteArrayList<String>();
    consumer.handler(record -> received.add(record.value()));
    consumer.subscribe("restart.it").await(10, TimeUnit.SECONDS);
    Await.until(Duration.ofSeconds(30), () -> !received.isEmpty());
    consumer.close().await(10, TimeUnit.SECONDS);
    return received.get(0);
  }

  private static List<String> accessLoggers(Path log, String path) throws IOException {
    return Files.readAllLines(log).stream().filter(NodeProcessIT::isJsonObject).map(JsonObject::new)
      .filter(line -> path.equals(line.getString("path"))).map(line -> line.getString("logger")).toList();
  }

  private static List<String> errorLines(Path log) throws IOException {
    return Files.readAllLines(log).stream().filter(NodeProcessIT::isJsonObject)
      .filter(line -> "ERROR".equals(new JsonObject(line).getString("level"))).toList();
  }

  private static double jsonShare(Path log) throws IOException {
    var lines = Files.readAllLines(log).stream().filter(line -> !line.isBlank()).toList();
    assertThat(lines).isNotEmpty();
    var json = lines.stream().filter(NodeProcessIT::isJsonObject).count();
    return (double) json / lines.size();
  }

  private static boolean isJsonObject(String line) {
    try {
      new JsonObject(line);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private int port(String name) {
    return ports.get("ORDERMESH_" + name + "_PORT");
  }

  private int status(int port, String path) {
    try {
      return get(port, path).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
      .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
