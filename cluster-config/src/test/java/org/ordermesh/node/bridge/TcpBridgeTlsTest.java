package org.ordermesh.node.bridge;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.SelfSignedCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.platform.testing.TestNode;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("the TCP bridge with a certificate configured")
class TcpBridgeTlsTest {

  private static TestNode node;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    var certificate = SelfSignedCertificate.create("localhost");
    port = BridgedNode.freePort();
    node = TestNode.start(new JsonObject().put("ORDERMESH_BRIDGE_PORT", port)
      .put("ORDERMESH_BRIDGE_TLS_CERT", certificate.certificatePath())
      .put("ORDERMESH_BRIDGE_TLS_KEY", certificate.privateKeyPath()));
    node.vertx().deployVerticle(TcpBridgeVerticle::new, new DeploymentOptions().setConfig(node.settings()))
      .await(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  @Test
  @DisplayName("speaks TLS: a frame over TLS is answered")
  void speaksTls() throws Exception {
    var client = node.vertx().createNetClient(new NetClientOptions().setSsl(true).setTrustAll(true).setHostnameVerificationAlgorithm(""));
    var socket = client.connect(port, "127.0.0.1").await(10, TimeUnit.SECONDS);
    var answer = new CompletableFuture<JsonObject>();
    socket.handler(data -> answer.complete(new JsonObject(data.getBuffer(4, data.length()))));

    socket.write(BridgeFrames.tcp(new JsonObject().put("type", "ping"))).await(10, TimeUnit.SECONDS);

    assertThat(answer.get(10, TimeUnit.SECONDS).getString("type")).isEqualTo("pong");
    client.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("refuses plain TCP: a plain frame gets no bridge answer")
  void refusesPlainTcp() throws Exception {
    try (var plain = new TcpFrames(port)) {
      plain.send(new JsonObject().put("type", "ping"));

      assertThat(plain.closedByPeer()).isTrue();
    }
  }
}
