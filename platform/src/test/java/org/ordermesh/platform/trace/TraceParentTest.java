package org.ordermesh.platform.trace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

@DisplayName("a traceparent")
class TraceParentTest {

  private static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @Test
  @DisplayName("parses and formats the W3C header unchanged")
  void roundTrips() {
    TraceParent parsed = TraceParent.parse(VALID).orElseThrow();

    assertThat(parsed.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(parsed.spanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(parsed.header()).isEqualTo(VALID);
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {
      "",
      "garbage",
      "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
      "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
      "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra"})
  @DisplayName("is rejected when it breaks the format")
  void rejectsInvalid(String header) {
    assertThat(TraceParent.parse(header)).isEmpty();
  }

  @Test
  @DisplayName("has children in the same trace with a new span")
  void childKeepsTheTrace() {
    TraceParent parent = TraceParent.parse(VALID).orElseThrow();

    TraceParent child = parent.child();

    assertThat(child.traceId()).isEqualTo(parent.traceId());
    assertThat(child.spanId()).isNotEqualTo(parent.spanId()).hasSize(16);
    assertThat(child.flags()).isEqualTo("01");
  }

  @Test
  @DisplayName("starts new traces that parse back")
  void newRootIsValid() {
    TraceParent root = TraceParent.newRoot();

    assertThat(TraceParent.parse(root.header())).contains(root);
    assertThat(TraceParent.newRoot().traceId()).isNotEqualTo(root.traceId());
  }
}
