package org.ordermesh.platform.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("request ids")
class RequestIdsTest {

  @Test
  @DisplayName("a caller's valid id is kept; otherwise a new random version 4 UUID, a different one each time")
  void acceptOrCreate() {
    var created = new HashSet<String>();
    for (int i = 0; i < 1000; i++) {
      var id = RequestIds.acceptOrCreate(i % 2 == 0 ? null : "bad id");
      var uuid = UUID.fromString(id);
      assertThat(uuid.version()).isEqualTo(4);
      assertThat(uuid.variant()).isEqualTo(2);
      assertThat(uuid.toString()).isEqualTo(id);
      created.add(id);
    }

    assertThat(created).hasSize(1000);
    assertThat(RequestIds.acceptOrCreate("req-123")).isEqualTo("req-123");
    assertThat(RequestIds.isValid("x".repeat(201))).isFalse();
    assertThat(RequestIds.isValid("tab\there")).isFalse();
  }
}
