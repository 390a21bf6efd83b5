package org.ordermesh.order;

import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.embedded.SharedInfra;
import org.ordermesh.order.support.OrderSystem;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordermesh.order.support.OrderSystem.await;
import static org.ordermesh.order.support.OrderSystem.orderBody;

@DisplayName("the order service's events")
class OrderEventsTest {

  private static OrderSystem system;
  private static final List<JsonObject> orderEvents = new CopyOnWriteArrayList<>();
  private static final List<String> deadLetters = new CopyOnWriteArrayList<>();
  private static KafkaConsumer<String, String> consumer;

  @BeforeAll
  static void start() {
    system = OrderSystem.start(OrderSystem.settings(new JsonObject()));
    consumer = KafkaConsumer.create(system.node.vertx(), Map.of(
      "bootstrap.servers", SharedInfra.kafkaBootstrapServers(),
      "group.id", "order-events-test-" + UUID.randomUUID(),
      "auto.offset.reset", "earliest",
      "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
      "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer"));
    consumer.handler(record -> {
      if (record.topic().endsWith(".dlq")) {
        deadLetters.add(record.value());
      } else {
        orderEvents.add(new JsonObject(record.value()).put("key", record.key()));
      }
    });
    await(consumer.subscribe(java.util.Set.of("order.events.v1", "payment.events.v1.dlq")));
  }

  @AfterAll
  static void stop() throws Exception {
    await(consumer.close());
    system.close();
  }

  private static List<JsonObject> eventsOf(String orderId) {
    return orderEvents.stream().filter(event -> orderId.equals(event.getString("subject"))).toList();
  }

  @Test
  @DisplayName("reach Kafka keyed by order id, as CloudEvents, in the order they happened")
  void reachKafkaInOrder() {
    var customer = system.newCustomer();
    var productId = system.product("7.00", 5);
    var orderId = await(system.placeOrder(customer, UUID.randomUUID().toString(), orderBody(productId, 1, "tok_visa")))
      .bodyAsJsonObject().getString("id");
    system.settledOrder(customer, orderId);

    OrderTestAwait.until(() -> eventsOf(orderId).size() >= 2);
    var events = eventsOf(orderId);
    assertThat(events.stream().map(event -> event.getString("type")))
      .startsWith("org.ordermesh.order.OrderPlaced.v1", "org.ordermesh.order.OrderConfirmed.v1");
    var placed = events.get(0);
    assertThat(placed.getString("specversion")).isEqualTo("1.0");
    assertThat(placed.getString("source")).isEqualTo("/ordermesh/order");
    assertThat(placed.getString("key")).isEqualTo(orderId);
    assertThat(placed.getJsonObject("data").getString("orderId")).isEqualTo(orderId);
  }

  @Test
  @DisplayName("a refund event delivered twice is recorded once; a poison message goes to the DLQ")
  void refundsOnceAndPoisonToDlq() {
    var customer = system.newCustomer();
    var productId = system.product("10.00", 5);
    var orderId = await(system.placeOrder(customer, UUID.randomUUID().toString(), orderBody(productId, 1, "tok_visa")))
      .bodyAsJsonObject().getString("id");
    system.settledOrder(customer, orderId);
    var refund = new JsonObject().put("specversion", "1.0").put("id", UUID.randomUUID().toString())
      .put("type", "org.ordermesh.payment.PaymentRefunded.v1").put("source", "/ordermesh/payment")
      .put("subject", orderId).put("time", Instant.now().toString()).put("datacontenttype", "application/json")
      .put("data", new JsonObject().put("orderId", orderId).put("refundedMinor", 400).put("status", "PARTIALLY_REFUNDED"));
    var producer = KafkaProducer.<String, String>create(system.node.vertx(), Map.of(
      "bootstrap.servers", SharedInfra.kafkaBootstrapServers(), "acks", "all",
      "key.serializer", "org.apache.kafka.common.serialization.StringSerializer",
      "value.serializer", "org.apache.kafka.common.serialization.StringSerializer"));

    await(producer.send(KafkaProducerRecord.create("payment.events.v1", orderId, refund.encode())));
    await(producer.send(KafkaProducerRecord.create("payment.events.v1", orderId, refund.encode())));
    await(producer.send(KafkaProducerRecord.create("payment.events.v1", orderId, "{not json")));
    await(producer.close());

    OrderTestAwait.until(() -> "4.00".equals(system.order(customer, orderId).getValue("refunded").toString())
      || "4.0".equals(system.order(customer, orderId).getValue("refunded").toString()));
    OrderTestAwait.until(() -> deadLetters.contains("{not json"));
    OrderTestAwait.until(() -> eventsOf(orderId).stream()
      .anyMatch(event -> "org.ordermesh.order.OrderRefunded.v1".equals(event.getString("type"))));
    assertThat(eventsOf(orderId).stream()
      .filter(event -> "org.ordermesh.order.OrderRefunded.v1".equals(event.getString("type")))).hasSize(1);
  }
}
