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

  @ParameterizedTest
  @ValueSource(strings = {"{\"$exists\":true}", "{\"$regex\":\"(a+)+$\"}", "{\"$date\":\"2025-01-31T00:00:00Z\",\"$ne\":1}",
      "{\"$date\":{\"$gt\":0}}", "[1]", "true", "null"})
  @DisplayName("carrying a value that is not a string, number, date or id is rejected even when it is signed")
  void rejectsOperatorsInSignedCursors(String value) {
    String token = signedPayload(codec, "{\"f\":\"name\",\"t\":\"string\",\"v\":" + value + ",\"id\":\"1\"}");

    assertThatThrownBy(() -> codec.decode(token)).hasMessage("invalid cursor");
  }

  @Test
  @DisplayName("carrying an operator as its id is rejected even when it is signed")
  void rejectsOperatorIds() {
    String token = signedPayload(codec, "{\"f\":\"name\",\"t\":\"string\",\"v\":\"a\",\"id\":{\"$exists\":true}}");

    assertThatThrownBy(() -> codec.decode(token)).hasMessage("invalid cursor");
  }

  @Test
  @DisplayName("whose value does not have the type it names is rejected")
  void rejectsMismatchedTypes() {
    for (String payload : new String[] {
        "{\"f\":\"name\",\"t\":\"number\",\"v\":\"a\",\"id\":\"1\"}",
        "{\"f\":\"name\",\"t\":\"date\",\"v\":{\"$date\":\"yesterday\"},\"id\":\"1\"}",
        "{\"f\":\"name\",\"t\":\"string\",\"v\":\"a\",\"id\":{\"$oid\":\"not-hex\"}}",
        "{\"f\":\"name\",\"v\":\"a\",\"id\":\"1\"}"}) {
      assertThatThrownBy(() -> codec.decode(signedPayload(codec, payload))).hasMessage("invalid cursor");
    }
  }

  @Test
  @DisplayName("round-trips an ObjectId as the last id")
  void roundTripsObjectIds() {
    Cursor cursor = new Cursor("name", "a", new JsonObject().put("$oid", "65a1b2c3d4e5f60718293a4b"));

    assertThat(codec.decode(codec.encode(cursor))).isEqualTo(cursor);
  }

  // what someone holding the key could make: the payload as they choose, correctly signed
  private static String signedPayload(CursorCodec codec, String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes())
        + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(codec.signature(json.getBytes()));
  }

  @Test
  @DisplayName("needs a key of at least 32 bytes")
  void rejectsShortKeys() {
    assertThatThrownBy(() -> CursorCodec.fromSecret("short")).isInstanceOf(IllegalArgumentException.class);
  }
}
