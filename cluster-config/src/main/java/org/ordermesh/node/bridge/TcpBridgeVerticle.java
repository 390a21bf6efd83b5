package org.ordermesh.node.bridge;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import org.ordermesh.platform.security.TokenVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * The TCP event bus bridge on {@code ORDERMESH_BRIDGE_PORT}: the Vert.x TCP bridge protocol (4-byte big-endian
 * length + JSON frame), for programs in any language. It speaks the protocol of {@code vertx-tcp-eventbus-bridge}
 * but is not built on it: that bridge (5.0.7) buffers a frame of any declared length, has no hook on the
 * messages it delivers (so no per-message outbound check) and no write-queue bound, which this one must have.
 */
public class TcpBridgeVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(TcpBridgeVerticle.class);
  // clients ping well within this; a connection silent for longer is gone
  private static final int IDLE_SECONDS = 120;

  private NetServer server;

  @Override
  public Future<?> start() {
    var settings = BridgeSettings.from(config());
    var verifier = TokenVerifier.forNode(vertx, config());
    var meters = BridgeMeters.of(vertx, "tcp");
    var options = new NetServerOptions().setIdleTimeout(IDLE_SECONDS).setIdleTimeoutUnit(TimeUnit.SECONDS);
    if (settings.tls()) {
      options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
        .setCertPath(settings.tlsCertPath()).setKeyPath(settings.tlsKeyPath()));
    }
    return vertx.createNetServer(options)
      .connectHandler(socket -> new TcpBridgeConnection(vertx, socket,
        new BridgeSession(verifier, settings.framesPerSecond(), Clock.systemUTC()), settings, meters).start())
      .listen(settings.tcpPort(), "0.0.0.0")
      // the cause says "address already in use", not which server
      .recover(failure -> Future.failedFuture(new IllegalStateException("event bus TCP bridge on port " + settings.tcpPort(), failure)))
      .onSuccess(listening -> {
        server = listening;
        log.info("event bus TCP bridge listening on port {}{}", listening.actualPort(), settings.tls() ? " (TLS)" : "");
      });
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
