package org.ordermesh.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ordermesh.platform.trace.TraceParent;

@ExtendWith(VertxExtension.class)
@DisplayName("request ids and traces")
class CorrelationTest {

  private static final String CALLER_TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  private static TestApi api;
  private static WebClient client;

  @BeforeAll
  static void deploy(Vertx vertx) throws Exception {
    api = TestApi.deploy(vertx);
    client = WebClient.create(vertx);
  }

  private static HttpResponse<Buffer> getTrace(String requestId, String traceparent) throws Exception {
    var request = client.get(api.verticle.port(), "127.0.0.1", "/api/v1/trace");
    if (requestId != null) {
      request.putHeader("X-Request-Id", requestId);
    }
    if (traceparent != null) {
      request.putHeader("traceparent", traceparent);
    }
    return request.send().await(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("a caller's request id and trace are kept, returned and visible to the handler")
  void keepsTheCallersIds() throws Exception {
    HttpResponse<Buffer> response = getTrace("order-42", CALLER_TRACE);

    TraceParent returned = TraceParent.parse(response.getHeader("traceparent")).orElseThrow();
    assertThat(response.getHeader("X-Request-Id")).isEqualTo("order-42");
    assertThat(returned.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(returned.spanId()).isNotEqualTo("00f067aa0ba902b7");
    assertThat(response.bodyAsJsonObject())
        .isEqualTo(new JsonObject().put("traceId", returned.traceId()).put("requestId", "order-42"));
  }

  @Test
  @DisplayName("invalid ones are replaced by new ones")
  void replacesInvalidIds() throws Exception {
    HttpResponse<Buffer> response = getTrace("has space", "00-zz-00f067aa0ba902b7-01");

    assertThat(response.getHeader("X-Request-Id")).isNotEqualTo("has space").isNotBlank();
    assertThat(TraceParent.parse(response.getHeader("traceparent"))).isPresent();
  }

  @Test
  @DisplayName("problems carry them too")
  void problemsCarryThem() throws Exception {
    var response = client.get(api.verticle.port(), "127.0.0.1", "/api/v1/missing")
        .putHeader("X-Request-Id", "lost-1").putHeader("traceparent", CALLER_TRACE)
        .send().await(10, TimeUnit.SECONDS);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.getHeader("X-Request-Id")).isEqualTo("lost-1");
    assertThat(response.bodyAsJsonObject().getString("traceId")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
  }
}
