package org.ordermesh.platform.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.impl.KafkaConsumerRecordImpl;
import io.vertx.kafka.client.producer.KafkaHeader;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("the trace context")
class TraceContextTest {

  private static final TraceParent CALLER = TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").orElseThrow();

  @Test
  @DisplayName("is empty outside a Vert.x context")
  void emptyOutsideVertx() {
    assertThat(TraceContext.current()).isNull();
    assertThat(TraceContext.currentTraceId()).isNull();
  }

  @Test
  @DisplayName("binds per duplicated context, so concurrent requests do not see each other's trace")
  void isolatedPerDuplicatedContext(Vertx vertx) throws Exception {
    ContextInternal eventLoop = (ContextInternal) vertx.getOrCreateContext();
    ContextInternal first = eventLoop.duplicate();
    ContextInternal second = eventLoop.duplicate();

    on(first, () -> {
      TraceContext.bind(CALLER, "req-1");
      return null;
    });

    assertThat(on(first, TraceContext::currentTraceId)).isEqualTo(CALLER.traceId());
    assertThat(on(first, TraceContext::currentRequestId)).isEqualTo("req-1");
    assertThat(Optional.ofNullable(on(second, TraceContext::currentTraceId))).isEmpty();
  }

  @Test
  @DisplayName("travels with an event bus message to a child span of the same trace")
  void crossesTheEventBus(Vertx vertx) throws Exception {
    vertx.eventBus().<String>consumer("trace.test", message -> {
      TraceContext.bindFrom(message);
      message.reply(new JsonObject()
          .put("traceId", TraceContext.currentTraceId())
          .put("spanId", TraceContext.current().spanId())
          .put("requestId", TraceContext.currentRequestId()));
    });

    JsonObject seen = on(((ContextInternal) vertx.getOrCreateContext()).duplicate(), () -> {
      TraceContext.bind(CALLER, "req-eb");
      return vertx.eventBus().<JsonObject>request("trace.test", "hi", TraceContext.withTrace(new DeliveryOptions()));
    }).compose(reply -> Future.succeededFuture(reply.body())).await(10, TimeUnit.SECONDS);

    assertThat(seen.getString("traceId")).isEqualTo(CALLER.traceId());
    assertThat(seen.getString("spanId")).isNotEqualTo(CALLER.spanId());
    assertThat(seen.getString("requestId")).isEqualTo("req-eb");
  }

  @Test
  @DisplayName("travels in Kafka headers, and each record is processed on its own context")
  void crossesKafka(Vertx vertx) throws Exception {
    ContextInternal consumerContext = (ContextInternal) vertx.getOrCreateContext();
    List<KafkaHeader> headers = on(consumerContext.duplicate(), () -> {
      TraceContext.bind(CALLER, "req-kafka");
      return TraceContext.kafkaHeaders();
    });

    String processedUnder = on(consumerContext, () ->
        TraceContext.within(record(headers), () -> Future.succeededFuture(TraceContext.currentTraceId())))
        .await(10, TimeUnit.SECONDS);

    assertThat(processedUnder).isEqualTo(CALLER.traceId());
    assertThat(Optional.ofNullable(on(consumerContext, TraceContext::currentTraceId))).isEmpty();
  }

  @Test
  @DisplayName("starts a new trace for a record that carries none")
  void startsATraceForBareRecords(Vertx vertx) throws Exception {
    String traceId = on(vertx.getOrCreateContext(), () -> {
      TraceContext.bindFrom(record(List.of()));
      return TraceContext.currentTraceId();
    });

    assertThat(traceId).hasSize(32).isNotEqualTo(CALLER.traceId());
  }

  private static KafkaConsumerRecord<String, String> record(List<KafkaHeader> headers) {
    RecordHeaders kafkaHeaders = new RecordHeaders();
    headers.forEach(h -> kafkaHeaders.add(h.key(), h.value().getBytes()));
    return new KafkaConsumerRecordImpl<>(new ConsumerRecord<>("topic", 0, 0L, 0L, TimestampType.CREATE_TIME,
        0, 0, "key", "value", kafkaHeaders, Optional.empty()));
  }

  // executeBlocking runs the callable with the given context as the current one
  private static <T> T on(io.vertx.core.Context context, Callable<T> work) throws Exception {
    return context.executeBlocking(work).await(10, TimeUnit.SECONDS);
  }
}
