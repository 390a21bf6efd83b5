package org.ordermesh.platform.http.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("a cursor token")
class CursorCodecTest {

  private final CursorCodec codec = CursorCodec.fromSecret("a-shared-cursor-secret-32-chars-long");

  @Test
  @DisplayName("round-trips strings, numbers and Mongo dates")
  void roundTrips() {
    JsonObject date = new JsonObject().put("$date", "2025-01-31T00:00:00Z");
    for (Cursor cursor : new Cursor[] {
        new Cursor("name", "Widget", "p-1"), new Cursor("price", 12.5, 42), new Cursor("createdAt", date, "o-9")}) {
      assertThat(codec.decode(codec.encode(cursor))).isEqualTo(cursor);
    }
  }

  @Test
  @DisplayName("is not accepted by a node with another key")
  void boundToTheKey() {
    String token = codec.encode(new Cursor("name", "a", "1"));

    assertThatThrownBy(() -> CursorCodec.fromSecret("another-secret-of-thirty-two-chars!!").decode(token))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("invalid cursor");
  }

  @Test
  @DisplayName("is rejected when its payload is altered")
  void rejectsAlteredPayload() {
    String token = codec.encode(new Cursor("name", "a", "1"));
    String forged = Base64.getUrlEncoder().withoutPadding()
        .encodeToString("{\"f\":\"name\",\"v\":{\"$gt\":\"\"},\"id\":\"1\"}".getBytes()) + token.substring(token.indexOf('.'));

    assertThatThrownBy(() -> codec.decode(forged)).hasMessage("invalid cursor");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "a.b", "!!!.???", "eyJ9.", "."})
  @DisplayName("is rejected when it is garbage")
  void rejectsGarbage(String token) {
    assertThatThrownBy(() -> codec.decode(token)).isInstanceOf(IllegalArgumentException.class).hasMessage("invalid cursor");
  }

  @Test
  @DisplayName("needs a key of at least 32 bytes")
  void rejectsShortKeys() {
    assertThatThrownBy(() -> CursorCodec.fromSecret("short")).isInstanceOf(IllegalArgumentException.class);
  }
}
