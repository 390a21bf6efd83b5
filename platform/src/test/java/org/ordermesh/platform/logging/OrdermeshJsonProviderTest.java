package org.ordermesh.platform.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import net.logstash.logback.encoder.LoggingEventCompositeJsonEncoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.platform.trace.TraceContext;
import org.ordermesh.platform.trace.TraceParent;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("a JSON log line")
class OrdermeshJsonProviderTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(5, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("carries service, node and the trace id of the Vert.x context it was logged on")
  void carriesServiceNodeAndTrace() throws Exception {
    LogFields.nodeId("node-7");
    var trace = TraceParent.newRoot();
    var context = vertx.getOrCreateContext();

    var line = context.executeBlocking(() -> {
      TraceContext.bind(trace);
      return encode("org.ordermesh.catalog.CatalogHttpVerticle", "listening");
    }, false).await(5, TimeUnit.SECONDS);

    assertThat(line.getString("service")).isEqualTo("catalog");
    assertThat(line.getString("node")).isEqualTo("node-7");
    assertThat(line.getString("traceId")).isEqualTo(trace.traceId());
    assertThat(line.getString("message")).isEqualTo("listening");
    assertThat(line.getString("level")).isEqualTo("INFO");
  }

  @Test
  @DisplayName("written later by the asynchronous appender still carries the trace id it was logged with")
  void asynchronousAppenderKeepsTheTrace() throws Exception {
    var trace = TraceParent.newRoot();
    var loggerContext = (LoggerContext) LoggerFactory.getILoggerFactory();
    var appender = new TraceCapturingAsyncAppender();

    var event = vertx.getOrCreateContext().executeBlocking(() -> {
      TraceContext.bind(trace);
      var logged = new LoggingEvent("org.ordermesh.order.Saga", loggerContext.getLogger("x"), Level.INFO, "step",
        null, null);
      appender.preprocess(logged);
      return logged;
    }, false).await(5, TimeUnit.SECONDS);

    assertThat(encode(event).getString("traceId")).isEqualTo(trace.traceId());
  }

  @Test
  @DisplayName("logged outside any request has no trace id, and a library logger belongs to the node")
  void outsideARequest() {
    var line = encode("com.hazelcast.Something", "joined");

    assertThat(line.getString("service")).isEqualTo("node");
    assertThat(line.containsKey("traceId")).isFalse();
  }

  private static JsonObject encode(String loggerName, String message) {
    var context = (LoggerContext) LoggerFactory.getILoggerFactory();
    return encode(new LoggingEvent(loggerName, context.getLogger(loggerName), Level.INFO, message, null, null));
  }

  private static JsonObject encode(LoggingEvent event) {
    var context = (LoggerContext) LoggerFactory.getILoggerFactory();
    var encoder = new LoggingEventCompositeJsonEncoder();
    encoder.setContext(context);
    encoder.setProviders(providers(context));
    encoder.start();
    return new JsonObject(new String(encoder.encode(event), StandardCharsets.UTF_8));
  }

  private static net.logstash.logback.composite.loggingevent.LoggingEventJsonProviders providers(LoggerContext context) {
    var providers = new net.logstash.logback.composite.loggingevent.LoggingEventJsonProviders();
    var level = new net.logstash.logback.composite.loggingevent.LogLevelJsonProvider();
    level.setFieldName("level");
    providers.addProvider(level);
    providers.addProvider(new OrdermeshJsonProvider());
    providers.addProvider(new net.logstash.logback.composite.loggingevent.MessageJsonProvider());
    providers.setContext(context);
    return providers;
  }
}
