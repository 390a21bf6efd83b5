package org.ordermesh.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ordermesh.platform.config.Settings;
import org.ordermesh.platform.testing.Await;
import org.slf4j.LoggerFactory;

@ExtendWith(VertxExtension.class)
@DisplayName("the access log policy")
class AccessLogPolicyTest {

  private static final Logger ACCESS = (Logger) LoggerFactory.getLogger("org.ordermesh.limited.access");
  private final List<ILoggingEvent> lines = new CopyOnWriteArrayList<>();
  private final AppenderBase<ILoggingEvent> capture = new AppenderBase<>() {
    @Override
    protected void append(ILoggingEvent event) {
      lines.add(event);
    }
  };

  @AfterEach
  void detach() {
    ACCESS.detachAppender(capture);
  }

  @Test
  @DisplayName("defaults to limited: 100 quick successful lines a second, every request of 1 s or more")
  void defaults() {
    assertThat(AccessLogPolicy.from(new Settings(new JsonObject()))).isEqualTo(new AccessLogPolicy(false, 100, 1000));
    assertThat(AccessLogPolicy.from(new Settings(new JsonObject().put(AccessLogPolicy.MODE, "all"))).everyRequest()).isTrue();
    assertThatThrownBy(() -> AccessLogPolicy.from(new Settings(new JsonObject().put(AccessLogPolicy.MODE, "some"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(AccessLogPolicy.MODE);
  }

  @Test
  @DisplayName("limited: logs every failed request, and quick successful ones only within the budget")
  void limitedKeepsFailuresAndTheBudget(Vertx vertx) throws Exception {
    int port = serve(vertx, new AccessLogPolicy(false, 2, 60_000));
    WebClient client = WebClient.create(vertx);

    for (int i = 0; i < 5; i++) {
      assertThat(client.get(port, "127.0.0.1", "/ok").send().await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
    assertThat(client.get(port, "127.0.0.1", "/missing").send().await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(404);

    // one server event loop logs in request order: once the last request's line is in, every earlier one is
    Await.until(Duration.ofSeconds(10), () -> lines.stream().anyMatch(line -> line.getFormattedMessage().endsWith("404")));
    assertThat(lines).extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly("GET /ok 200", "GET /ok 200", "GET /missing 404");
  }

  @Test
  @DisplayName("all: logs every request")
  void allLogsEveryRequest(Vertx vertx) throws Exception {
    int port = serve(vertx, AccessLogPolicy.EVERY_REQUEST);
    WebClient client = WebClient.create(vertx);

    for (int i = 0; i < 5; i++) {
      client.get(port, "127.0.0.1", "/ok").send().await(10, TimeUnit.SECONDS);
    }

    Await.until(Duration.ofSeconds(10), () -> lines.size() == 5);
  }

  private int serve(Vertx vertx, AccessLogPolicy policy) throws Exception {
    capture.setContext(ACCESS.getLoggerContext());
    capture.start();
    ACCESS.addAppender(capture);
    Router router = Router.router(vertx);
    router.route().handler(new AccessLogHandler("limited", policy));
    router.get("/ok").handler(ctx -> ctx.response().end("fine"));
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    return server.actualPort();
  }
}
