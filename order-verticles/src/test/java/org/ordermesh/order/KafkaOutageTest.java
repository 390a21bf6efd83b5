package org.ordermesh.order;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.embedded.EmbeddedKafka;
import org.ordermesh.embedded.SharedInfra;
import org.ordermesh.order.order.Order;
import org.ordermesh.order.order.OrderRepository;
import org.ordermesh.order.support.OrderSystem;
import org.ordermesh.platform.config.PlatformConfig;
import org.ordermesh.platform.mongo.MongoClients;
import org.ordermesh.platform.testing.Await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordermesh.order.support.OrderSystem.await;
import static org.ordermesh.order.support.OrderSystem.orderBody;

/**
 * The node talks to a broker of this test's own (not the JVM's shared one), which the test stops for 30 s
 * in the middle of a load of orders and starts again on the same log directory and port.
 */
@DisplayName("a Kafka outage")
class KafkaOutageTest {

  private static final String HOST = "127.0.0.1";
  private static final Duration OUTAGE = Duration.ofSeconds(30);
  private static final long ORDER_EVERY_MILLIS = 250;
  private static final long PROBE_EVERY_MILLIS = 500;
  private static final List<String> SERVICES = List.of("auth", "catalog", "payment", "order");

  private Path logDir;
  private EmbeddedKafka kafka;
  private OrderSystem system;

  @AfterEach
  void stop() throws Exception {
    if (system != null) {
      system.close();
    }
    if (kafka != null) {
      kafka.close();
    }
    try (Stream<Path> paths = Files.walk(logDir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  @Test
  @DisplayName("keeps the API ready and taking orders to their end, and every order's events reach Kafka in order once it is back")
  void isNotAnApiOutage() throws IOException {
    logDir = Files.createTempDirectory("ordermesh-outage-kafka-");
    kafka = EmbeddedKafka.start(logDir, HOST, 0);
    var brokerPort = Integer.parseInt(kafka.bootstrapServers().substring(kafka.bootstrapServers().lastIndexOf(':') + 1));
    var settings = OrderSystem.settings(new JsonObject().put(PlatformConfig.KAFKA_BOOTSTRAP, kafka.bootstrapServers()));
    system = OrderSystem.start(settings);
    var vertx = system.node.vertx();
    var customer = system.newCustomer();
    var productId = system.product("3.00", 100_000);
    var ports = SERVICES.stream().map(system::port).toList();
    var orderPort = system.port("order");

    var placed = new CopyOnWriteArrayList<Future<HttpResponse<Buffer>>>();
    var notReady = new CopyOnWriteArrayList<String>();
    var probes = new AtomicInteger();
    var http = WebClient.create(vertx);
    var load = vertx.setPeriodic(ORDER_EVERY_MILLIS, tick -> placed.add(http.post(orderPort, HOST, "/api/v1/orders")
      .bearerTokenAuthentication(customer).putHeader("Idempotency-Key", UUID.randomUUID().toString())
      .sendJsonObject(orderBody(productId, 1, "tok_visa"))));
    var readiness = vertx.setPeriodic(PROBE_EVERY_MILLIS, tick -> ports.forEach(port ->
      http.get(port, HOST, "/health/ready").send().onComplete(answer -> {
        probes.incrementAndGet();
        if (answer.failed() || answer.result().statusCode() != 200) {
          notReady.add(port + ": " + (answer.failed() ? answer.cause() : answer.result().bodyAsString()));
        }
      })));

    Await.until(Duration.ofSeconds(60), () -> placed.size() >= 15);
    kafka.close();
    kafka = null;
    var downAt = System.nanoTime();
    var placedBefore = placed.size();
    // the outage lasts its 30 s while the load goes on
    Await.until(OUTAGE.multipliedBy(2), () -> System.nanoTime() - downAt >= OUTAGE.toNanos());
    var placedDuring = placed.size() - placedBefore;
    kafka = EmbeddedKafka.start(logDir, HOST, brokerPort);
    var placedBeforeRestart = placed.size();
    Await.until(Duration.ofSeconds(60), () -> placed.size() >= placedBeforeRestart + 15);
    vertx.cancelTimer(load);
    vertx.cancelTimer(readiness);

    assertThat(placedDuring).isGreaterThan(20);
    var orderIds = placed.stream().map(response -> {
      var answer = await(response);
      assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(202);
      return answer.bodyAsJsonObject().getString("id");
    }).toList();
    Await.until(Duration.ofSeconds(120), () -> orderIds.stream()
      .allMatch(id -> !"PENDING".equals(system.order(customer, id).getString("status"))));
    // stock and card are there, so CONFIRMED on a quiet machine; a saga step timing out on a loaded one cancels
    Map<String, String> endEvents = new LinkedHashMap<>();
    orderIds.forEach(id -> endEvents.put(id, "CONFIRMED".equals(system.order(customer, id).getString("status"))
      ? Order.CONFIRMED : Order.CANCELLED));
    assertThat(notReady).isEmpty();
    assertThat(probes.get()).isGreaterThan(SERVICES.size() * 30);

    var events = eventsByOrder(endEvents);
    assertThat(orderIds).allSatisfy(id -> assertThat(events.get(id).values())
      .as("the events of order %s, each once, in the order Kafka has them", id)
      .containsExactly(Order.PLACED, endEvents.get(id)));
    var orders = MongoClients.shared(vertx, SharedInfra.mongoConnectionString(), settings.getString("ORDERMESH_ORDER_DATABASE"));
    assertThat(await(orders.count(OrderRepository.COLLECTION, new JsonObject().put("outbox.0", new JsonObject().put("$exists", true)))))
      .as("orders with events still in their outbox").isZero();
  }

  /** Every order's events as Kafka has them, read from the start of the topic: event id -> type, in offset order. */
  private Map<String, Map<String, String>> eventsByOrder(Map<String, String> endEvents) {
    Map<String, Map<String, String>> events = new ConcurrentHashMap<>();
    KafkaConsumer<String, String> consumer = KafkaConsumer.create(system.node.vertx(), Map.of(
      "bootstrap.servers", kafka.bootstrapServers(),
      "group.id", "outage-test-" + UUID.randomUUID(),
      "auto.offset.reset", "earliest",
      "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
      "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer"));
    consumer.handler(record -> {
      var event = new JsonObject(record.value());
      events.computeIfAbsent(record.key(), key -> Collections.synchronizedMap(new LinkedHashMap<>()))
        .putIfAbsent(event.getString("id"), event.getString("type"));
    });
    try {
      await(consumer.subscribe(Set.of("order.events.v1")));
      Await.until(Duration.ofSeconds(120), () -> endEvents.entrySet().stream()
        .allMatch(end -> events.containsKey(end.getKey()) && events.get(end.getKey()).containsValue(end.getValue())));
      return events;
    } finally {
      await(consumer.close());
    }
  }
}
