package org.ordermesh.node;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ordermesh.platform.config.PlatformConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("a node's shared secrets")
class NodeSecretsTest {

  private static NodeSettings settings(Path data, boolean clustered) {
    return NodeSettings.from(new JsonObject().put("ORDERMESH_DATA", data.toString()).put("ORDERMESH_CLUSTER", clustered));
  }

  @Test
  @DisplayName("on a single node are made at random on first start, kept under ORDERMESH_DATA as 0600 and reused")
  void keptAcrossRestarts(@TempDir Path data) throws Exception {
    var first = NodeSecrets.complete(settings(data, false), new JsonObject()).getString(PlatformConfig.CURSOR_SECRET);
    var second = NodeSecrets.complete(settings(data, false), new JsonObject()).getString(PlatformConfig.CURSOR_SECRET);
    var elsewhere = Files.createDirectory(data.resolve("other"));

    assertThat(first).hasSizeGreaterThanOrEqualTo(32).isEqualTo(second);
    assertThat(NodeSecrets.complete(settings(elsewhere, false), new JsonObject()).getString(PlatformConfig.CURSOR_SECRET))
      .isNotEqualTo(first);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(NodeSecrets.CURSOR_SECRET_FILE))))
      .isEqualTo("rw-------");
  }

  @Test
  @DisplayName("are required on a clustered node, which says which setting is missing")
  void requiredWhenClustered(@TempDir Path data) {
    assertThatThrownBy(() -> NodeSecrets.complete(settings(data, true), new JsonObject()))
      .hasMessageContaining("ORDERMESH_CURSOR_SECRET is required on a clustered node");
    assertThat(data.resolve(NodeSecrets.CURSOR_SECRET_FILE)).doesNotExist();
  }

  @Test
  @DisplayName("give a node running auth a signing-key passphrase kept as 0600, and require it when clustered")
  void signingKeyPassphrase(@TempDir Path data) throws Exception {
    var single = NodeSettings.from(new JsonObject().put("ORDERMESH_DATA", data.toString()).put("ORDERMESH_SERVICES", "auth"));
    var passphrase = NodeSecrets.complete(single, new JsonObject()).getString(NodeSecrets.SIGNING_KEY_PASSPHRASE);
    var clustered = NodeSettings.from(new JsonObject().put("ORDERMESH_DATA", data.toString()).put("ORDERMESH_SERVICES", "auth")
      .put("ORDERMESH_CLUSTER", true).put(PlatformConfig.CURSOR_SECRET, "a-configured-cursor-secret-of-32-bytes"));
    var gateway = NodeSettings.from(new JsonObject().put("ORDERMESH_DATA", data.toString()).put("ORDERMESH_SERVICES", "")
      .put("ORDERMESH_CLUSTER", true).put(PlatformConfig.CURSOR_SECRET, "a-configured-cursor-secret-of-32-bytes"));

    assertThat(passphrase).hasSizeGreaterThanOrEqualTo(32)
      .isEqualTo(NodeSecrets.complete(single, new JsonObject()).getString(NodeSecrets.SIGNING_KEY_PASSPHRASE));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(NodeSecrets.SIGNING_KEY_PASSPHRASE_FILE))))
      .isEqualTo("rw-------");
    assertThatThrownBy(() -> NodeSecrets.complete(clustered, new JsonObject()))
      .hasMessageContaining("ORDERMESH_SIGNING_KEY_PASSPHRASE is required on a clustered node");
    assertThat(NodeSecrets.complete(gateway, new JsonObject()).containsKey(NodeSecrets.SIGNING_KEY_PASSPHRASE)).isFalse();
  }

  @Test
  @DisplayName("give a node running order the order service's client secret kept as 0600, and require it when clustered")
  void orderClientSecret(@TempDir Path data) throws Exception {
    var single = NodeSettings.from(new JsonObject().put("ORDERMESH_DATA", data.toString()).put("ORDERMESH_SERVICES", "order"));
    var secret = NodeSecrets.complete(single, new JsonObject()).getString(NodeSecrets.ORDER_CLIENT_SECRET);
    var clustered = NodeSettings.from(new JsonObject().put("ORDERMESH_DATA", data.toString()).put("ORDERMESH_SERVICES", "order")
      .put("ORDERMESH_CLUSTER", true).put(PlatformConfig.CURSOR_SECRET, "a-configured-cursor-secret-of-32-bytes"));

    assertThat(secret).hasSizeGreaterThanOrEqualTo(32)
      .isEqualTo(NodeSecrets.complete(single, new JsonObject()).getString(NodeSecrets.ORDER_CLIENT_SECRET));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(NodeSecrets.ORDER_CLIENT_SECRET_FILE))))
      .isEqualTo("rw-------");
    assertThatThrownBy(() -> NodeSecrets.complete(clustered, new JsonObject()))
      .hasMessageContaining("ORDERMESH_ORDER_CLIENT_SECRET is required on a clustered node");
  }

  @Test
  @DisplayName("take the configured value over a kept one")
  void configuredWins(@TempDir Path data) {
    var secret = "a-configured-cursor-secret-of-32-bytes";
    var settings = NodeSettings.from(new JsonObject().put("ORDERMESH_DATA", data.toString())
      .put("ORDERMESH_CLUSTER", true).put(PlatformConfig.CURSOR_SECRET, secret));

    assertThat(NodeSecrets.complete(settings, new JsonObject()).getString(PlatformConfig.CURSOR_SECRET)).isEqualTo(secret);
  }
}
