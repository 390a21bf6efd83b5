package org.ordermesh.node.cluster;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ordermesh.node.NodeSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("the certificates of a node's cluster bus")
class ClusterTlsTest {

  private static NodeSettings clustered(Path data, JsonObject more) {
    return NodeSettings.from(new JsonObject().put("ORDERMESH_DATA", data.toString()).put("ORDERMESH_CLUSTER", true).mergeIn(more));
  }

  @Test
  @DisplayName("on the embedded default are a development CA made under ORDERMESH_DATA, keys 0600, reused on restart")
  void developmentCaKept(@TempDir Path data) throws Exception {
    var first = ClusterTls.forNode(clustered(data, new JsonObject()));
    var caPem = Files.readString(first.ca());
    var second = ClusterTls.forNode(clustered(data, new JsonObject()));

    assertThat(second).isEqualTo(first);
    assertThat(Files.readString(second.ca())).isEqualTo(caPem).startsWith("-----BEGIN CERTIFICATE-----");
    var directory = data.resolve(ClusterTls.DEVELOPMENT_DIRECTORY);
    for (var key : new String[] {ClusterTls.NODE_KEY_FILE, ClusterTls.CA_KEY_FILE}) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve(key)))).isEqualTo("rw-------");
    }
    assertThat(Files.readString(first.key())).startsWith("-----BEGIN PRIVATE KEY-----");
  }

  @Test
  @DisplayName("are required on a clustered node given real servers, which says which settings are missing")
  void requiredOffTheEmbeddedDefault(@TempDir Path data) {
    var settings = clustered(data, new JsonObject().put("MONGO_URI", "mongodb://mongo:27017").put("KAFKA_BOOTSTRAP", "kafka:9092"));

    assertThatThrownBy(() -> ClusterTls.forNode(settings))
      .isInstanceOf(IllegalStateException.class)
      .hasMessageContaining("ORDERMESH_CLUSTER_TLS_CERT, ORDERMESH_CLUSTER_TLS_KEY and ORDERMESH_CLUSTER_TLS_CA are required");
    assertThat(data.resolve(ClusterTls.DEVELOPMENT_DIRECTORY)).doesNotExist();
  }

  @Test
  @DisplayName("are the configured PEM files when given, all three or none, and each must be readable")
  void configured(@TempDir Path data) {
    var made = ClusterTls.developmentCa(data.resolve("ca"));
    var given = clustered(data, new JsonObject().put("MONGO_URI", "mongodb://mongo:27017")
      .put(ClusterTls.CERT, made.cert().toString()).put(ClusterTls.KEY, made.key().toString()).put(ClusterTls.CA, made.ca().toString()));

    assertThat(ClusterTls.forNode(given)).isEqualTo(made);
    assertThatThrownBy(() -> ClusterTls.forNode(clustered(data, new JsonObject().put(ClusterTls.CERT, made.cert().toString()))))
      .hasMessageContaining("are set together or not at all");
    assertThatThrownBy(() -> ClusterTls.forNode(clustered(data, new JsonObject().put(ClusterTls.CERT, made.cert().toString())
      .put(ClusterTls.KEY, made.key().toString()).put(ClusterTls.CA, data.resolve("missing.pem").toString()))))
      .hasMessageContaining("missing.pem cannot be read");
  }
}
