package org.ordermesh.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

@ExtendWith(VertxExtension.class)
@DisplayName("the access log")
class AccessLogTest {

  private static final Logger ACCESS = (Logger) LoggerFactory.getLogger("org.ordermesh.test.access");
  private static final BlockingQueue<ILoggingEvent> lines = new LinkedBlockingQueue<>();
  private static final AppenderBase<ILoggingEvent> capture = new AppenderBase<>() {
    @Override
    protected void append(ILoggingEvent event) {
      lines.add(event);
    }
  };

  private static TestApi api;
  private static WebClient client;

  @BeforeAll
  static void deploy(Vertx vertx) throws Exception {
    capture.setContext(ACCESS.getLoggerContext());
    capture.start();
    ACCESS.addAppender(capture);
    api = TestApi.deploy(vertx);
    client = WebClient.create(vertx);
  }

  @AfterAll
  static void detach() {
    ACCESS.detachAppender(capture);
  }

  @Test
  @DisplayName("writes one JSON line per request with its method, path, status, duration, size and request id")
  void oneJsonLinePerRequest() throws Exception {
    client.get(api.verticle.port(), "127.0.0.1", "/api/v1/failures/not-found?secret=1")
        .putHeader("X-Request-Id", "log-me").send().await(10, TimeUnit.SECONDS);

    ILoggingEvent event = lines.poll(10, TimeUnit.SECONDS);
    JsonObject line = new JsonObject(encode(event));

    assertThat(line.getString("message")).isEqualTo("GET /api/v1/failures/not-found 404");
    assertThat(line.getString("method")).isEqualTo("GET");
    assertThat(line.getString("path")).isEqualTo("/api/v1/failures/not-found");
    assertThat(line.getInteger("status")).isEqualTo(404);
    assertThat(line.getString("requestId")).isEqualTo("log-me");
    assertThat(line.getLong("durationMs")).isNotNegative();
    assertThat(line.getLong("bytesSent")).isPositive();
    assertThat(lines).isEmpty();
  }

  private static String encode(ILoggingEvent event) {
    LogstashEncoder encoder = new LogstashEncoder();
    encoder.setContext(ACCESS.getLoggerContext());
    encoder.start();
    return new String(encoder.encode(event), StandardCharsets.UTF_8);
  }
}
