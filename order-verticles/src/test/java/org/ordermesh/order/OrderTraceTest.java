package org.ordermesh.order;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.embedded.SharedInfra;
import org.ordermesh.order.order.Order;
import org.ordermesh.order.support.OrderSystem;
import org.ordermesh.platform.trace.TraceParent;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordermesh.order.support.OrderSystem.await;
import static org.ordermesh.order.support.OrderSystem.orderBody;

@DisplayName("an order's trace")
class OrderTraceTest {

  private static final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private static OpenTelemetrySdk tracing;
  private static OrderSystem system;
  private static KafkaConsumer<String, String> consumer;

  @BeforeAll
  static void start() {
    tracing = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
      .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
      .build();
    system = OrderSystem.start(OrderSystem.settings(new JsonObject()), tracing);
  }

  @AfterAll
  static void stop() throws Exception {
    if (consumer != null) {
      await(consumer.close());
    }
    system.close();
    tracing.close();
  }

  @Test
  @DisplayName("runs from POST /orders through the saga's calls to catalog and payment to the order's Kafka events")
  void endToEnd() {
    var customer = system.newCustomer();
    var productId = system.product("4.20", 3);
    var kafkaEvents = orderEventsOnKafka();

    var placed = await(system.placeOrder(customer, UUID.randomUUID().toString(), orderBody(productId, 1, "tok_visa")));
    var orderId = placed.bodyAsJsonObject().getString("id");
    var traceId = TraceParent.parse(placed.getHeader(TraceParent.HEADER)).orElseThrow().traceId();
    assertThat(system.settledOrder(customer, orderId).getString("status")).isEqualTo("CONFIRMED");

    OrderTestAwait.until(() -> kafkaEvents.stream().filter(event -> orderId.equals(event.getString("subject")))
      .anyMatch(event -> Order.CONFIRMED.equals(event.getString("type"))));
    OrderTestAwait.until(() -> trace(traceId).stream().anyMatch(kafkaSend("order.events.v1")));
    var trace = trace(traceId);
    var dump = trace.stream().map(span -> span.getKind() + " " + span.getName() + " " + span.getAttributes())
      .collect(Collectors.joining("\n"));

    assertThat(trace).as(dump)
      .anyMatch(span -> span.getKind() == SpanKind.SERVER && span.getParentSpanContext().isValid() == false)
      .anyMatch(eventBus(SpanKind.CLIENT, "catalog.inventory"))
      .anyMatch(eventBus(SpanKind.SERVER, "catalog.inventory"))
      .anyMatch(eventBus(SpanKind.CLIENT, "payment.payments"))
      .anyMatch(eventBus(SpanKind.SERVER, "payment.payments"))
      .anyMatch(span -> span.getKind() == SpanKind.CLIENT && "mongodb".equals(span.getAttributes().get(AttributeKey.stringKey("db.system"))))
      .anyMatch(kafkaSend("order.events.v1"));
    assertThat(kafkaEvents.stream().filter(event -> orderId.equals(event.getString("subject"))))
      .as("the order's CloudEvents carry the trace").isNotEmpty()
      .allSatisfy(event -> assertThat(TraceParent.parse(event.getString("traceparent")).orElseThrow().traceId()).isEqualTo(traceId));
    assertThat(system.saga(orderId).getString("traceId")).as("the saga timeline names its trace").isEqualTo(traceId);
  }

  private static List<SpanData> trace(String traceId) {
    return spans.getFinishedSpanItems().stream().filter(span -> span.getTraceId().equals(traceId)).toList();
  }

  private static Predicate<SpanData> eventBus(SpanKind kind, String address) {
    return span -> span.getKind() == kind && span.getAttributes().asMap().values().stream().anyMatch(address::equals);
  }

  private static Predicate<SpanData> kafkaSend(String topic) {
    return span -> span.getKind() == SpanKind.PRODUCER && span.getAttributes().asMap().values().stream().anyMatch(topic::equals);
  }

  private static List<JsonObject> orderEventsOnKafka() {
    var events = new CopyOnWriteArrayList<JsonObject>();
    consumer = KafkaConsumer.create(system.node.vertx(), Map.of(
      "bootstrap.servers", SharedInfra.kafkaBootstrapServers(),
      "group.id", "order-trace-test-" + UUID.randomUUID(),
      "auto.offset.reset", "earliest",
      "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
      "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer"));
    consumer.handler(record -> events.add(new JsonObject(record.value())));
    await(consumer.subscribe(Set.of("order.events.v1")));
    return events;
  }
}
