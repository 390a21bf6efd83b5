package org.ordermesh.platform.logging;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.ordermesh.platform.trace.TraceContext;
import org.slf4j.MDC;

import java.util.HashMap;

/**
 * An {@link AsyncAppender} that records the trace id while still on the thread that logged: the
 * Vert.x context that holds it is gone by the time the appender's worker encodes the line.
 */
public class TraceCapturingAsyncAppender extends AsyncAppender {

  static final String TRACE_ID = "traceId";

  @Override
  protected void preprocess(ILoggingEvent event) {
    var traceId = TraceContext.currentTraceId();
    if (traceId != null && event instanceof LoggingEvent loggingEvent) {
      var context = MDC.getCopyOfContextMap();
      var properties = context == null ? new HashMap<String, String>() : new HashMap<>(context);
      properties.put(TRACE_ID, traceId);
      loggingEvent.setMDCPropertyMap(properties);
    }
    super.preprocess(event);
  }
}
