package org.ordermesh.platform.trace;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.internal.ContextInternal;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The trace of the work in progress, kept on the Vert.x context rather than a thread: vertx-web and the event
 * bus run each request and message on its own duplicated context, so a binding is per request and follows
 * every callback of that request, whichever thread runs it.
 *
 * <p>With OpenTelemetry on ({@link Tracing}), Vert.x opens a span for each request, message and record it
 * receives; a binding then takes that span's ids, so logs, problem details, outbox events and spans share one
 * trace id. Vert.x forgets its span once the handler returns, the binding lasts as long as the work: an outgoing
 * call made later (a saga step after a timer, say) makes the bound span OpenTelemetry's parent again
 * ({@link ActiveSpan}), so its client span stays in the trace.
 */
public final class TraceContext {

  private TraceContext() {
  }

  /** Binds a trace, without a request id, to the current Vert.x context. */
  public static void bind(TraceParent trace) {
    bind(trace, null);
  }

  /** Binds a trace and the request id it serves to the current Vert.x context. */
  public static void bind(TraceParent trace, String requestId) {
    Context context = Vertx.currentContext();
    if (context == null) {
      throw new IllegalStateException("a trace can only be bound on a Vert.x context");
    }
    context.putLocal(CorrelationStorage.LOCAL, new Correlation(trace, requestId));
  }

  /** The bound trace, else OpenTelemetry's span on this context, else null (no context, nothing bound). */
  public static TraceParent current() {
    Correlation correlation = correlation();
    return correlation != null ? correlation.trace() : ActiveSpan.current();
  }

  /** The bound trace id or null; safe from any thread (the logging encoder calls it). */
  public static String currentTraceId() {
    TraceParent trace = current();
    return trace == null ? null : trace.traceId();
  }

  /** The bound request id or null. */
  public static String currentRequestId() {
    Correlation correlation = correlation();
    return correlation == null ? null : correlation.requestId();
  }

  /** Continues the caller's trace (or starts one) and keeps its valid request id (or creates one). */
  public static void bindFrom(HttpServerRequest request) {
    bindIncoming(request.getHeader(TraceParent.HEADER), RequestIds.acceptOrCreate(request.getHeader(RequestIds.HEADER)));
  }

  /** Adds the current trace and request id to an outgoing WebClient request. */
  public static <T> HttpRequest<T> applyTo(HttpRequest<T> request) {
    Correlation correlation = correlation();
    if (correlation != null) {
      ActiveSpan.restore(correlation.trace());
      request.putHeader(TraceParent.HEADER, correlation.trace().header());
      if (correlation.requestId() != null) {
        request.putHeader(RequestIds.HEADER, correlation.requestId());
      }
    }
    return request;
  }

  /** Adds the current trace and request id as event bus headers. */
  public static DeliveryOptions withTrace(DeliveryOptions options) {
    Correlation correlation = correlation();
    if (correlation != null) {
      ActiveSpan.restore(correlation.trace());
      options.addHeader(TraceParent.HEADER, correlation.trace().header());
      if (correlation.requestId() != null) {
        options.addHeader(RequestIds.HEADER, correlation.requestId());
      }
    }
    return options;
  }

  /** Binds a child of the message's trace (or a new trace) for the handling of an event bus message. */
  public static void bindFrom(Message<?> message) {
    String requestId = message.headers().get(RequestIds.HEADER);
    bindIncoming(message.headers().get(TraceParent.HEADER), RequestIds.isValid(requestId) ? requestId : null);
  }

  /** Kafka headers carrying the current trace and request id; empty when nothing is bound. */
  public static List<KafkaHeader> kafkaHeaders() {
    Correlation correlation = correlation();
    return correlation == null ? List.of() : kafkaHeaders(correlation.trace(), correlation.requestId());
  }

  /** Kafka headers for a trace recorded earlier, as the outbox relay publishes it. */
  public static List<KafkaHeader> kafkaHeaders(TraceParent trace, String requestId) {
    List<KafkaHeader> headers = new ArrayList<>(2);
    headers.add(KafkaHeader.header(TraceParent.HEADER, trace.header()));
    if (requestId != null) {
      headers.add(KafkaHeader.header(RequestIds.HEADER, requestId));
    }
    return headers;
  }

  /**
   * Binds a child of the record's trace (or a new trace) on the current context. The consumer's context is
   * shared by all its records, so prefer {@link #within(KafkaConsumerRecord, Supplier)} when records overlap.
   */
  public static void bindFrom(KafkaConsumerRecord<?, ?> record) {
    String requestId = lastHeader(record, RequestIds.HEADER);
    bindIncoming(lastHeader(record, TraceParent.HEADER), RequestIds.isValid(requestId) ? requestId : null);
  }

  /**
   * Runs the processing of one record on its own duplicated context, bound to the record's trace, in a
   * consumer span of it when tracing is on (the inbox polls, and Vert.x traces only records it pushes).
   */
  public static <T> Future<T> within(KafkaConsumerRecord<?, ?> record, Supplier<Future<T>> processing) {
    ContextInternal current = ContextInternal.current();
    if (current == null) {
      throw new IllegalStateException("records are processed on a Vert.x context");
    }
    // ContextInternal is the only way to make a duplicated context; vertx-web does the same per request
    ContextInternal duplicate = current.duplicate();
    return duplicate.succeededFuture().compose(ignored -> {
      Object span = Spans.receiveRecord(duplicate, record);
      bindFrom(record);
      return processing.get().andThen(done -> Spans.end(duplicate, span, done.cause()));
    });
  }

  /**
   * Runs {@code work} on a duplicate of the current context bound to a trace recorded earlier (an outbox event's),
   * so what it sends (a Kafka record) is traced and logged as part of that trace.
   */
  public static <T> Future<T> continuing(TraceParent trace, String requestId, Supplier<Future<T>> work) {
    ContextInternal current = ContextInternal.current();
    if (current == null) {
      throw new IllegalStateException("a trace can only be continued on a Vert.x context");
    }
    return current.duplicate().succeededFuture().compose(ignored -> {
      bind(trace, requestId);
      ActiveSpan.restore(trace);
      return work.get();
    });
  }

  // the span Vert.x opened for what was received, when tracing is on; else a child of the caller's, or a new trace
  private static void bindIncoming(String traceparent, String requestId) {
    TraceParent active = ActiveSpan.current();
    TraceParent trace = active != null ? active
      : TraceParent.parse(traceparent).map(TraceParent::child).orElseGet(TraceParent::newRoot);
    bind(trace, requestId);
  }

  private static String lastHeader(KafkaConsumerRecord<?, ?> record, String name) {
    String value = null;
    for (KafkaHeader header : record.headers()) {
      if (header.key().equalsIgnoreCase(name)) {
        value = header.value().toString();
      }
    }
    return value;
  }

  private static Correlation correlation() {
    Context context = Vertx.currentContext();
    return context == null ? null : context.getLocal(CorrelationStorage.LOCAL);
  }
}
