package org.ordermesh.platform.trace;

import io.vertx.core.internal.ContextInternal;
import io.vertx.core.spi.tracing.SpanKind;
import io.vertx.core.spi.tracing.TagExtractor;
import io.vertx.core.spi.tracing.VertxTracer;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;

import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Spans for what Vert.x does not trace itself (records the inbox polls, store calls), opened through the
 * Vert.x tracer SPI so they nest like the spans Vert.x opens: nothing happens when the node has no tracer.
 */
final class Spans {

  // a store call carries no headers
  private static final BiConsumer<String, String> NO_HEADERS = (name, value) -> { };

  private static final TagExtractor<KafkaConsumerRecord<?, ?>> RECORD_TAGS = new TagExtractor<>() {
    @Override
    public int len(KafkaConsumerRecord<?, ?> record) {
      return 4;
    }

    @Override
    public String name(KafkaConsumerRecord<?, ?> record, int index) {
      return List.of("messaging.system", "messaging.destination.name", "messaging.kafka.destination.partition",
        "messaging.kafka.message.offset").get(index);
    }

    @Override
    public String value(KafkaConsumerRecord<?, ?> record, int index) {
      return switch (index) {
        case 0 -> "kafka";
        case 1 -> record.topic();
        case 2 -> String.valueOf(record.partition());
        default -> String.valueOf(record.offset());
      };
    }
  };

  private Spans() {
  }

  /** A consumer span of the record's trace, made OpenTelemetry's current span on {@code context}; null without a tracer. */
  static Object receiveRecord(ContextInternal context, KafkaConsumerRecord<?, ?> record) {
    VertxTracer<Object, Object> tracer = tracer(context);
    if (tracer == null) {
      return null;
    }
    List<Map.Entry<String, String>> headers = record.headers().stream()
      .map(header -> (Map.Entry<String, String>) new AbstractMap.SimpleImmutableEntry<>(header.key(), header.value().toString()))
      .toList();
    return tracer.receiveRequest(context, SpanKind.MESSAGING, TracingPolicy.PROPAGATE, record,
      "kafka_receive " + record.topic(), headers, RECORD_TAGS);
  }

  /** A client span of the current one (for a store call); null without a tracer or a current span. */
  static <R> Object sendRequest(ContextInternal context, R request, String operation, TagExtractor<R> tags) {
    VertxTracer<Object, Object> tracer = tracer(context);
    return tracer == null ? null
      : tracer.sendRequest(context, SpanKind.RPC, TracingPolicy.PROPAGATE, request, operation, NO_HEADERS, tags);
  }

  /** Ends a span {@link #sendRequest} opened. */
  static void endRequest(ContextInternal context, Object span, Throwable failure) {
    VertxTracer<Object, Object> tracer = tracer(context);
    if (tracer != null && span != null) {
      tracer.receiveResponse(context, null, span, failure, TagExtractor.empty());
    }
  }

  /** Ends a span {@link #receiveRecord} opened. */
  static void end(ContextInternal context, Object span, Throwable failure) {
    VertxTracer<Object, Object> tracer = tracer(context);
    if (tracer != null && span != null) {
      tracer.sendResponse(context, null, span, failure, TagExtractor.empty());
    }
  }

  @SuppressWarnings("unchecked")
  private static VertxTracer<Object, Object> tracer(ContextInternal context) {
    return (VertxTracer<Object, Object>) context.tracer();
  }
}
