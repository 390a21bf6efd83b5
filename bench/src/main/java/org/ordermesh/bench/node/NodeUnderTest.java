package org.ordermesh.bench.node;

import org.ordermesh.bench.Pause;

import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The node a scenario loads: one this harness started ({@code java -jar ordermesh-node.jar} with fresh data,
 * free ports and a known admin; stopped with SIGTERM), or one already running at {@code --target}.
 */
public final class NodeUnderTest implements AutoCloseable {

  public static final String BENCH_ADMIN_EMAIL = "bench-admin@ordermesh.local";
  private static final String LOOPBACK = "127.0.0.1";

  private final String gateway;
  private final String catalog;
  private final String adminEmail;
  private final String adminPassword;
  private final List<Process> processes;
  private final Path dataDir;
  private final String mongoUri;

  private NodeUnderTest(String gateway, String catalog, String adminEmail, String adminPassword,
                        List<Process> processes, Path dataDir, String mongoUri) {
    this.gateway = gateway;
    this.catalog = catalog;
    this.adminEmail = adminEmail;
    this.adminPassword = adminPassword;
    this.processes = processes;
    this.dataDir = dataDir;
    this.mongoUri = mongoUri;
  }

  public static NodeUnderTest target(String gateway, String catalog, String adminEmail, String adminPassword) {
    return new NodeUnderTest(gateway, catalog, adminEmail, adminPassword, new ArrayList<>(), null, null);
  }

  /** Starts a node with every service, its embedded store and broker, and waits until each port is ready. */
  public static NodeUnderTest start(Vertx vertx, NodeLaunch launch) {
    Path data = tempDir();
    Ports ports = Ports.free();
    Map<String, String> env = launch.baseEnv(ports, data);
    Process node = launch.spawn("node", env);
    var started = new NodeUnderTest(ports.url(ports.gateway()), ports.url(ports.catalog()), BENCH_ADMIN_EMAIL,
        launch.adminPassword(), new ArrayList<>(List.of(node)), data, "mongodb://" + LOOPBACK + ":" + ports.mongo());
    started.awaitReady(vertx, ports, node);
    return started;
  }

  /**
   * Starts the store and broker in one node (no services), and the services in a second node whose
   * {@code MONGO_URI} points at {@code proxyPort}: a proxy there sees every command the services send.
   */
  public static NodeUnderTest startBehindStoreProxy(Vertx vertx, NodeLaunch launch, StoreProxyStarter proxy) {
    Path data = tempDir();
    Ports storePorts = Ports.free();
    Map<String, String> storeEnv = launch.baseEnv(storePorts, data.resolve("store"));
    storeEnv.put("ORDERMESH_SERVICES", "");
    storeEnv.put("ORDERMESH_GATEWAY", "false");
    Process store = launch.spawn("store-node", storeEnv);
    List<Process> processes = new ArrayList<>(List.of(store));
    awaitPort(storePorts.mongo(), store);
    awaitPort(storePorts.kafka(), store);
    int proxyPort = proxy.start(storePorts.mongo());
    Ports ports = Ports.free();
    Map<String, String> env = launch.baseEnv(ports, data.resolve("services"));
    env.put("MONGO_URI", "mongodb://" + LOOPBACK + ":" + proxyPort);
    env.put("KAFKA_BOOTSTRAP", LOOPBACK + ":" + storePorts.kafka());
    Process services = launch.spawn("services-node", env);
    processes.add(services);
    var started = new NodeUnderTest(ports.url(ports.gateway()), ports.url(ports.catalog()), BENCH_ADMIN_EMAIL,
        launch.adminPassword(), processes, data, "mongodb://" + LOOPBACK + ":" + storePorts.mongo());
    started.awaitReady(vertx, ports, services);
    return started;
  }

  /** A stand-in for the counting proxy: given the store's port, starts forwarding and returns its own port. */
  @FunctionalInterface
  public interface StoreProxyStarter {
    int start(int storePort);
  }

  public String gateway() {
    return gateway;
  }

  public String catalog() {
    return catalog;
  }

  /** The embedded store of a node this harness started; empty for {@code --target}. */
  public java.util.Optional<String> mongoUri() {
    return java.util.Optional.ofNullable(mongoUri);
  }

  public String adminEmail() {
    return adminEmail;
  }

  public String adminPassword() {
    return adminPassword;
  }

  /** The processes this harness started for the node (none for {@code --target}), for CPU accounting. */
  public List<ProcessHandle> processes() {
    return processes.stream().map(Process::toHandle).toList();
  }

  public boolean started() {
    return !processes.isEmpty();
  }

  private void awaitReady(Vertx vertx, Ports ports, Process process) {
    WebClient client = WebClient.create(vertx);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    try {
      for (int port : ports.http()) {
        while (!ready(client, port)) {
          if (!process.isAlive()) {
            close();
            throw new IllegalStateException("the node exited with " + process.exitValue() + "; see its log");
          }
          if (System.nanoTime() > deadline) {
            close();
            throw new IllegalStateException("the node was not ready on port " + port + " within 180 s");
          }
          Thread.sleep(250);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      client.close();
    }
  }

  private static boolean ready(WebClient client, int port) {
    try {
      return client.get(port, LOOPBACK, "/health/ready").timeout(2_000).send()
          .await(3, TimeUnit.SECONDS).statusCode() == 200;
    } catch (Exception e) {
      return false;
    }
  }

  private static void awaitPort(int port, Process process) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline && process.isAlive()) {
      try (Socket ignored = new Socket(LOOPBACK, port)) {
        return;
      } catch (IOException e) {
        Pause.millis(200);
      }
    }
    throw new IllegalStateException("nothing listens on " + port + " (store node alive: " + process.isAlive() + ")");
  }

  /** SIGTERM (what {@link Process#destroy()} sends on Linux), so the node drains and compacts; then the data goes. */
  @Override
  public void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process process = processes.get(i);
      process.destroy();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    processes.clear();
    if (dataDir != null) {
      deleteTree(dataDir);
    }
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("ordermesh-bench-" + UUID.randomUUID().toString().substring(0, 8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not delete " + dir + ": " + e.getMessage());
    }
  }


  /** Seven free ports, taken together so no two are the same. */
  record Ports(int gateway, int auth, int catalog, int order, int payment, int mongo, int kafka) {

    static Ports free() {
      List<ServerSocket> sockets = new ArrayList<>();
      try {
        for (int i = 0; i < 7; i++) {
          sockets.add(new ServerSocket(0));
        }
        int[] p = sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        return new Ports(p[0], p[1], p[2], p[3], p[4], p[5], p[6]);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        sockets.forEach(s -> {
          try {
            s.close();
          } catch (IOException ignored) {
            // a port we could not release stays taken; the node will say so
          }
        });
      }
    }

    List<Integer> http() {
      return List.of(gateway, auth, catalog, order, payment);
    }

    String url(int port) {
      return "http://" + LOOPBACK + ":" + port;
    }

    Map<String, String> env() {
      Map<String, String> env = new HashMap<>();
      env.put("ORDERMESH_GATEWAY_PORT", String.valueOf(gateway));
      env.put("ORDERMESH_AUTH_PORT", String.valueOf(auth));
      env.put("ORDERMESH_CATALOG_PORT", String.valueOf(catalog));
      env.put("ORDERMESH_ORDER_PORT", String.valueOf(order));
      env.put("ORDERMESH_PAYMENT_PORT", String.valueOf(payment));
      env.put("ORDERMESH_EMBEDDED_MONGO_PORT", String.valueOf(mongo));
      env.put("ORDERMESH_EMBEDDED_KAFKA_PORT", String.valueOf(kafka));
      // the bench speaks HTTP only, and the bridge's fixed port (7000) would refuse a second node on the machine
      env.put("ORDERMESH_BRIDGE", "false");
      return env;
    }
  }
}
