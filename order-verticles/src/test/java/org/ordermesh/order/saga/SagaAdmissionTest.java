package org.ordermesh.order.saga;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("the node's bound on sagas in flight")
class SagaAdmissionTest {

  @Test
  @DisplayName("is what the node ended over the last 10 s times the horizon, within the floor and the limit")
  void followsTheCompletionRate() {
    var admission = new SagaAdmission(512, Duration.ofSeconds(15));
    var now = Instant.now().getEpochSecond();
    assertThat(admission.bound(now)).isEqualTo(SagaAdmission.FLOOR);

    IntStream.range(0, 100).forEach(i -> {
      admission.tryAdmit().orElseThrow();
      admission.endedAt(now);
    });
    // 100 ended in 10 s: 10 a second, 15 s ahead
    assertThat(admission.bound(now + 1)).isEqualTo(150);
    assertThat(admission.bound(now + 1 + SagaAdmission.WINDOW_SECONDS)).isEqualTo(SagaAdmission.FLOOR);
    assertThat(new SagaAdmission(100, Duration.ofSeconds(150)).bound(now)).isEqualTo(64);
  }

  @Test
  @DisplayName("asks for a short wait by default, never more than a quarter of the deadline")
  void horizon() {
    var defaults = org.ordermesh.order.OrderConfig.from(new io.vertx.core.json.JsonObject());
    assertThat(defaults.admissionHorizon()).isEqualTo(Duration.ofSeconds(2));
    var tight = org.ordermesh.order.OrderConfig.from(new io.vertx.core.json.JsonObject()
      .put("ORDERMESH_SAGA_DEADLINE_SECONDS", 4).put("ORDERMESH_SAGA_ADMISSION_SECONDS", 30));
    assertThat(tight.admissionHorizon()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  @DisplayName("refuses past the bound and takes a permit back once, unless it was handed to a saga")
  void permits() {
    var admission = new SagaAdmission(2, Duration.ofSeconds(15));
    var first = admission.tryAdmit().orElseThrow();
    var second = admission.tryAdmit().orElseThrow();
    assertThat(admission.tryAdmit()).isEmpty();
    first.release();
    first.release();
    assertThat(admission.inFlight()).isEqualTo(1);
    second.handOver();
    second.release();
    assertThat(admission.inFlight()).isEqualTo(1);
    admission.ended();
    assertThat(admission.inFlight()).isZero();
  }
}
