package org.ordermesh.platform.config;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("settings")
class ConfigLoaderTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(5, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("come from the defaults, overridden by the --conf file, overridden by the environment")
  void layering(@TempDir Path dir) throws Exception {
    var conf = dir.resolve("node.json");
    Files.writeString(conf, new JsonObject().put("ORDERMESH_CATALOG_PORT", 9999).put("PATH", "from-file").encode());

    var config = ConfigLoader.load(vertx, "test-defaults.json", Optional.of(conf)).await(10, TimeUnit.SECONDS);

    assertThat(config.getString("ORDERMESH_SERVICES")).isEqualTo("auth,catalog");
    assertThat(config.getInteger("ORDERMESH_CATALOG_PORT")).isEqualTo(9999);
    assertThat(config.getString("PATH")).isEqualTo(System.getenv("PATH"));
  }

  @Test
  @DisplayName("are read typed, from JSON values and from environment strings alike")
  void typedReads() {
    var settings = new Settings(new JsonObject()
      .put("A_PORT", "8081").put("B_PORT", 8082).put("FLAG", "true").put("LIST", " a, b ,,c ").put("BAD", "x"));

    assertThat(settings.integer("A_PORT", 0)).isEqualTo(8081);
    assertThat(settings.integer("B_PORT", 0)).isEqualTo(8082);
    assertThat(settings.integer("MISSING", 7)).isEqualTo(7);
    assertThat(settings.bool("FLAG", false)).isTrue();
    assertThat(settings.list("LIST")).containsExactly("a", "b", "c");
    assertThatThrownBy(() -> settings.integer("BAD", 0)).hasMessageContaining("BAD");
  }

  @Test
  @DisplayName("give each service its port and its own database")
  void serviceConfig() {
    var config = ServiceConfig.from(new JsonObject().put("ORDERMESH_CATALOG_PORT", "9000"), "catalog", 8082);

    assertThat(config.httpPort()).isEqualTo(9000);
    assertThat(config.database()).isEqualTo("ordermesh_catalog");
    assertThat(ServiceConfig.from(new JsonObject(), "order", 8083).httpPort()).isEqualTo(8083);
  }
}
