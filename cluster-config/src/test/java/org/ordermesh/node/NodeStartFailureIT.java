package org.ordermesh.node;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged node when it cannot start: it says why in one line and exits, leaving no process behind. */
@DisplayName("the packaged node that cannot start")
class NodeStartFailureIT {

  private static final long EXIT_LIMIT_SECONDS = 60;

  private Process start(Path data, Map<String, String> settings) throws IOException {
    var command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-Xmx256m", "-jar", System.getProperty("ordermesh.node.jar"));
    var builder = new ProcessBuilder(command)
      .redirectOutput(data.resolve("stdout.log").toFile()).redirectError(data.resolve("stderr.log").toFile());
    builder.environment().put("ORDERMESH_DATA", data.resolve("node").toString());
    builder.environment().putAll(settings);
    return builder.start();
  }

  private static List<String> failureLines(Path data) throws IOException {
    return Files.readAllLines(data.resolve("stdout.log")).stream().filter(line -> line.contains("cannot start")).toList();
  }

  // exits non-zero within the limit, with one "cannot start" line that says what
  private static void assertExitsSaying(Process process, Path data, String what) throws Exception {
    try {
      assertThat(process.waitFor(EXIT_LIMIT_SECONDS, TimeUnit.SECONDS)).as("exited").isTrue();
      assertThat(process.exitValue()).isNotZero();
      assertThat(failureLines(data)).as(output(data)).hasSize(1).first().asString().contains(what);
    } finally {
      process.destroyForcibly();
    }
  }

  private static String output(Path data) throws IOException {
    return Files.readString(data.resolve("stdout.log")) + Files.readString(data.resolve("stderr.log"));
  }

  @Test
  @DisplayName("on a taken port logs one line naming it and exits non-zero")
  void takenPort(@TempDir Path data) throws Exception {
    try (var taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      var process = start(data, Map.of(
        "ORDERMESH_EMBEDDED_MONGO_PORT", String.valueOf(taken.getLocalPort()),
        "ORDERMESH_EMBEDDED_KAFKA_PORT", String.valueOf(PackagedNode.freePort()),
        "ORDERMESH_GATEWAY_PORT", String.valueOf(PackagedNode.freePort()),
        "ORDERMESH_SERVICES", ""));
      assertExitsSaying(process, data, String.valueOf(taken.getLocalPort()));
    }
  }

  @Test
  @DisplayName("on a taken bridge port, found once the services are deployed, logs one line naming it and exits non-zero")
  void takenBridgePort(@TempDir Path data) throws Exception {
    try (var taken = new ServerSocket(0)) {
      var process = start(data, Map.of(
        "ORDERMESH_BRIDGE_PORT", String.valueOf(taken.getLocalPort()),
        "ORDERMESH_EMBEDDED_MONGO_PORT", String.valueOf(PackagedNode.freePort()),
        "ORDERMESH_EMBEDDED_KAFKA_PORT", String.valueOf(PackagedNode.freePort()),
        "ORDERMESH_GATEWAY_PORT", String.valueOf(PackagedNode.freePort()),
        "ORDERMESH_SERVICES", ""));
      assertExitsSaying(process, data, "TCP bridge on port " + taken.getLocalPort());
    }
  }

  @Test
  @DisplayName("with a bad setting logs one line naming it and exits non-zero")
  void badSetting(@TempDir Path data) throws Exception {
    var process = start(data, Map.of("ORDERMESH_CLUSTER", "true", "ORDERMESH_CURSOR_SECRET", ""));
    assertExitsSaying(process, data, "ORDERMESH_CURSOR_SECRET");
  }

  @Test
  @DisplayName("clustered on real servers without the cluster bus certificates logs one line naming them and exits non-zero")
  void clusterWithoutCertificates(@TempDir Path data) throws Exception {
    // servers never contacted: the certificates are checked before anything connects
    var process = start(data, Map.of("ORDERMESH_CLUSTER", "true", "ORDERMESH_SERVICES", "",
      "ORDERMESH_CURSOR_SECRET", "a-cursor-secret-of-32-bytes-or-more",
      "MONGO_URI", "mongodb://127.0.0.1:9/", "KAFKA_BOOTSTRAP", "127.0.0.1:9"));
    assertExitsSaying(process, data, "ORDERMESH_CLUSTER_TLS_CERT, ORDERMESH_CLUSTER_TLS_KEY and ORDERMESH_CLUSTER_TLS_CA are required");
  }
}
