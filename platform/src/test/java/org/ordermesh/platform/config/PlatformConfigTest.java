package org.ordermesh.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.platform.http.page.Cursor;
import org.ordermesh.platform.http.page.CursorCodec;

@DisplayName("the platform settings")
class PlatformConfigTest {

  /** The secret that was written in the source before: anyone could read it and sign cursors. */
  private static final String FORMER_PUBLIC_SECRET = "ordermesh-development-cursor-secret-change-me";

  @Test
  @DisplayName("without a cursor secret sign with a random one, not with one written in the source")
  void noSecretInTheSource() {
    String forged = CursorCodec.fromSecret(FORMER_PUBLIC_SECRET).encode(new Cursor("name", "a", "1"));
    CursorCodec unconfigured = CursorCodec.fromSecret(PlatformConfig.from(new JsonObject()).cursorSecret());

    assertThatThrownBy(() -> unconfigured.decode(forged)).hasMessage("invalid cursor");
    assertThat(PlatformConfig.from(new JsonObject()).cursorSecret()).isNotEqualTo(FORMER_PUBLIC_SECRET);
  }

  @Test
  @DisplayName("take a configured cursor secret of at least 32 bytes and refuse a shorter one")
  void configuredSecret() {
    String secret = "a-configured-secret-of-32-bytes-or-more";

    assertThat(PlatformConfig.from(new JsonObject().put(PlatformConfig.CURSOR_SECRET, secret)).cursorSecret()).isEqualTo(secret);
    assertThatThrownBy(() -> PlatformConfig.from(new JsonObject().put(PlatformConfig.CURSOR_SECRET, "short")))
        .hasMessageContaining(PlatformConfig.CURSOR_SECRET);
  }
}
