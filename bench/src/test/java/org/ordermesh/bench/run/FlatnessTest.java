package org.ordermesh.bench.run;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FlatnessTest {

  @Test
  @DisplayName("every later run's figures are compared with the first run's, and the worst change is named")
  void comparesWithTheFirstRun() {
    RunResult small = run("stored=1000", 100, 40, 60, 100);
    RunResult large = run("stored=100000", 95, 44, 60, 130);

    Flatness flatness = Flatness.of(List.of(small, large));

    assertThat(flatness.worst()).isCloseTo(0.30, org.assertj.core.data.Offset.offset(0.01));
    assertThat(flatness.worstFigure()).isEqualTo("p99 at stored=100000");
    JsonObject change = flatness.changes().getJsonObject(0);
    assertThat(change.getDouble("achieved")).isCloseTo(-0.05, org.assertj.core.data.Offset.offset(0.001));
    assertThat(change.getDouble("p50")).isCloseTo(0.10, org.assertj.core.data.Offset.offset(0.01));
    assertThat(flatness.within(0.20)).isFalse();
    assertThat(flatness.within(0.35)).isTrue();
    assertThat(flatness.describe("growth", 0.20)).contains("p99 +30.").endsWith("target within 20%: not met");
  }

  @Test
  @DisplayName("a later run with no success is never flat")
  void aRunWithoutSuccessIsNotFlat() {
    RunResult small = run("stored=1000", 100, 40, 60, 100);
    RunResult empty = new RunResult("stored=10000", 100, 0, 0, 5, Map.of("HTTP 503", 5L), new Histogram(3), Map.of(),
        new JsonObject());

    Flatness flatness = Flatness.of(List.of(small, empty));

    assertThat(flatness.within(0.20)).isFalse();
    assertThat(flatness.toJson(0.20).getBoolean("met")).isFalse();
    assertThat(flatness.toJson(0.20).encode()).doesNotContain("NaN");
  }

  @Test
  @DisplayName("a single run is flat")
  void oneRunIsFlat() {
    assertThat(Flatness.of(List.of(run("stored=1000", 100, 40, 60, 100))).within(0.0)).isTrue();
  }

  // a run whose latencies are p50, p90 and p99 ms exactly: half the values at p50, the rest spread to p99
  private static RunResult run(String label, double achieved, long p50, long p90, long p99) {
    Histogram latency = new Histogram(3);
    latency.recordValueWithCount(p50 * 1_000, 500);
    latency.recordValueWithCount(p90 * 1_000, 400);
    latency.recordValueWithCount(p99 * 1_000, 100);
    return new RunResult(label, 100, achieved, 1_000, 0, Map.of(), latency, Map.of(), new JsonObject());
  }
}
