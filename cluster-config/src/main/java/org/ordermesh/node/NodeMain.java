package org.ordermesh.node;

import io.vertx.core.Vertx;
import org.ordermesh.platform.config.ConfigLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code java -jar ordermesh-node.jar [--conf settings.json]}: runs a node until SIGTERM. */
public final class NodeMain {

  private static final Logger log = LoggerFactory.getLogger(NodeMain.class);
  private static final long STOP_LIMIT_SECONDS = 14;

  private NodeMain() {
  }

  public static void main(String[] args) throws Exception {
    System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
    System.setProperty("hazelcast.logging.type", "slf4j");
    var settings = readSettings(confFile(args));
    Node node;
    try {
      node = Node.start(settings).await(120, TimeUnit.SECONDS);
    } catch (IllegalArgumentException invalid) {
      // a setting the node cannot run with: one line that names it, and a non-zero exit
      log.error("node did not start: {}", invalid.getMessage());
      System.exit(1);
      return;
    }
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        node.stop().await(STOP_LIMIT_SECONDS, TimeUnit.SECONDS);
      } catch (Exception e) {
        log.error("node did not stop cleanly", e);
      } finally {
        stopped.countDown();
      }
    }, "ordermesh-shutdown"));
    log.info("node {} ready: services {}, gateway {}", settings.nodeId(), settings.services(),
      settings.gateway() ? "on port " + settings.gatewayPort() : "off");
    stopped.await();
  }

  private static NodeSettings readSettings(Optional<Path> confFile) throws Exception {
    // vertx-config needs a Vert.x instance; the node's own one depends on these settings
    var bootstrap = Vertx.vertx();
    try {
      return ConfigLoader.load(bootstrap, NodeSettings.DEFAULTS_RESOURCE, confFile)
        .map(NodeSettings::from)
        .await(30, TimeUnit.SECONDS);
    } finally {
      bootstrap.close().await(10, TimeUnit.SECONDS);
    }
  }

  private static Optional<Path> confFile(String[] args) {
    for (var i = 0; i < args.length - 1; i++) {
      if ("--conf".equals(args[i])) {
        return Optional.of(Path.of(args[i + 1]));
      }
    }
    return Optional.empty();
  }
}

