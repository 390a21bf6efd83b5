package org.ordermesh.platform.trace;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.vertx.core.internal.ContextInternal;
import io.vertx.tracing.opentelemetry.VertxContextStorageProvider.VertxContextStorage;

/**
 * OpenTelemetry's current span as a {@link TraceParent}, and back. vertx-opentelemetry keeps OpenTelemetry's
 * context on the Vert.x context, so both read from and write to the context the work runs on.
 */
final class ActiveSpan {

  private ActiveSpan() {
  }

  /** OpenTelemetry's span on the current Vert.x context, or null when there is none (tracing off, or no span). */
  static TraceParent current() {
    SpanContext span = Span.current().getSpanContext();
    return span.isValid()
      ? new TraceParent("00", span.getTraceId(), span.getSpanId(), span.getTraceFlags().asHex())
      : null;
  }

  /** Makes {@code trace} OpenTelemetry's parent on the current Vert.x context, unless a span is active there. */
  static void restore(TraceParent trace) {
    ContextInternal context = ContextInternal.current();
    if (context == null || context.tracer() == null || Span.current().getSpanContext().isValid()) {
      return;
    }
    SpanContext parent = SpanContext.createFromRemoteParent(trace.traceId(), trace.spanId(),
      TraceFlags.fromHex(trace.flags(), 0), TraceState.getDefault());
    // never detached: the binding is for this duplicated context's whole life, like the Correlation beside it
    VertxContextStorage.INSTANCE.attach(context, Context.root().with(Span.wrap(parent)));
  }
}
