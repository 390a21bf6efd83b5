package org.ordermesh.bench;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BenchOptionsTest {

  @Test
  @DisplayName("the reads warm the node for a minute and saturate at 32 and 128 in flight")
  void readsDefaults() {
    for (String scenario : List.of("product-read", "browse")) {
      BenchOptions options = BenchOptions.parse(new String[] {scenario});
      assertThat(options.nodeWarmup()).isEqualTo(Duration.ofSeconds(60));
      assertThat(options.inFlightLevels()).containsExactly(32, 128);
      assertThat(options.inFlight()).isEqualTo(128);
      assertThat(options.ceiling()).isTrue();
    }
  }

  @Test
  @DisplayName("the order scenarios warm the node for three minutes, order-growth too; the ceiling not at all")
  void warmupDefaults() {
    for (String scenario : List.of("order", "order-hot", "order-growth", "peer")) {
      assertThat(BenchOptions.parse(new String[] {scenario}).nodeWarmup()).isEqualTo(Duration.ofSeconds(180));
      assertThat(BenchOptions.parse(new String[] {scenario}).inFlight()).isEqualTo(32);
    }
    assertThat(BenchOptions.parse(new String[] {"ceiling"}).nodeWarmup()).isZero();
  }

  @Test
  @DisplayName("--in-flight takes one level or a list, --node-warmup any duration")
  void inFlightAndWarmup() {
    BenchOptions options = BenchOptions.parse(new String[] {"product-read", "--in-flight", "16,64,256",
        "--node-warmup", "10s"});
    assertThat(options.inFlightLevels()).containsExactly(16, 64, 256);
    assertThat(options.inFlight()).isEqualTo(256);
    assertThat(options.nodeWarmup()).isEqualTo(Duration.ofSeconds(10));
    assertThat(BenchOptions.parse(new String[] {"browse", "--in-flight", "32"}).inFlightLevels()).containsExactly(32);
  }
}
