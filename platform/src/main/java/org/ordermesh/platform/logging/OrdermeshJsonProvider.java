package org.ordermesh.platform.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.core.JsonGenerator;
import net.logstash.logback.composite.AbstractJsonProvider;
import org.ordermesh.platform.trace.TraceContext;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Adds {@code service}, {@code node} and {@code traceId} to every JSON log line. The trace id comes
 * from the Vert.x context the log call ran on (the request's or message's duplicated context), not
 * from a thread-local, because an event loop thread serves many requests at once; an asynchronous
 * appender captures it beforehand ({@link TraceCapturingAsyncAppender}).
 */
public class OrdermeshJsonProvider extends AbstractJsonProvider<ILoggingEvent> {

  private static final Pattern SERVICE_LOGGER = Pattern.compile("^org\\.ordermesh\\.(auth|catalog|payment|order|gateway|node)\\..*");

  @Override
  public void writeTo(JsonGenerator generator, ILoggingEvent event) throws IOException {
    generator.writeStringField("service", serviceOf(event.getLoggerName()));
    generator.writeStringField("node", LogFields.nodeId());
    var traceId = event.getMDCPropertyMap().get(TraceCapturingAsyncAppender.TRACE_ID);
    if (traceId == null) {
      traceId = TraceContext.currentTraceId();
    }
    if (traceId != null) {
      generator.writeStringField("traceId", traceId);
    }
  }

  static String serviceOf(String loggerName) {
    var matcher = SERVICE_LOGGER.matcher(loggerName);
    return matcher.matches() ? matcher.group(1) : "node";
  }
}
