package org.ordermesh.platform.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.platform.http.ApiException;
import org.ordermesh.platform.http.FieldError;

@DisplayName("the key guard")
class KeyGuardTest {

  @Test
  @DisplayName("lets plain documents through, whatever their values hold")
  void acceptsPlainKeys() {
    JsonObject body = new JsonObject("""
        {"name": "$where", "attributes": {"color": "a.b"}, "items": [{"quantity": 1}]}""");

    assertThatCode(() -> KeyGuard.check(body)).doesNotThrowAnyException();
  }

  @Test
  @DisplayName("names every operator or dotted key by its path, in objects and arrays")
  void rejectsOperatorAndDottedKeys() {
    JsonObject body = new JsonObject("""
        {"$set": 1, "attributes": {"$where": "1", "a.b": 2}, "items": [{"ok": 1}, {"q": {"$gt": 0}}]}""");

    ApiException rejection = catchThrowableOfType(() -> KeyGuard.check(body), ApiException.class);

    assertThat(rejection.status()).isEqualTo(400);
    assertThat(rejection.errors())
        .extracting(FieldError::field)
        .containsExactly("$set", "attributes.$where", "attributes.a.b", "items.1.q.$gt");
  }
}
