package org.ordermesh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The Grafana dashboard")
class GrafanaDashboardTest {

  /** What the nodes export (Prometheus names) and the runbook tells operators to watch. */
  private static final List<String> METRICS = List.of(
      "vertx_http_server_requests_total",
      "vertx_http_server_response_time_seconds_bucket",
      "vertx_http_server_active_requests",
      "vertx_eventbus_",
      "ordermesh_saga_completed_total",
      "ordermesh_saga_duration_seconds_bucket",
      "ordermesh_saga_step_failures_total",
      "ordermesh_orders_total",
      "ordermesh_circuit_breaker_state",
      "ordermesh_outbox_backlog",
      "ordermesh_kafka_consumer_lag",
      "ordermesh_inbox_dead_letters_total",
      "jvm_memory_used_bytes",
      "jvm_gc_pause_seconds",
      "process_cpu_usage");

  private final JsonNode dashboard = read();

  @Test
  @DisplayName("charts every metric the nodes export")
  void chartsEveryMetric() {
    var expressions = panels().flatMap(p -> StreamSupport.stream(p.path("targets").spliterator(), false))
        .map(target -> target.path("expr").asText())
        .toList();

    assertThat(METRICS).allSatisfy(metric -> assertThat(expressions).anyMatch(expr -> expr.contains(metric)));
  }

  @Test
  @DisplayName("queries the data source picked on the dashboard, so it imports anywhere")
  void usesTheDatasourceVariable() {
    assertThat(panels().filter(p -> !p.path("type").asText().equals("row")).toList())
        .isNotEmpty()
        .allSatisfy(p -> assertThat(p.path("datasource").path("uid").asText()).isEqualTo("${datasource}"));
  }

  private Stream<JsonNode> panels() {
    return StreamSupport.stream(dashboard.path("panels").spliterator(), false);
  }

  private static JsonNode read() {
    try {
      return new ObjectMapper().readTree(Path.of("grafana/ordermesh-dashboard.json").toFile());
    } catch (IOException e) {
      throw new AssertionError("the dashboard is not valid JSON", e);
    }
  }
}
