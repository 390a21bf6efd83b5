package org.ordermesh.bench.peer;

import org.ordermesh.bench.Pause;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The seed book's order flow ({@code orders.py} in {@code --peer-dir}): three Flask apps under Gunicorn on the
 * fixed ports the script calls each other on, each in a process group of its own ({@code setsid}), so stopping
 * one stops its workers too. The apps talk to the store at {@code PEER_MONGO}.
 */
public final class FlaskPeer implements AutoCloseable {

  /** The order app, where orders are posted. */
  public static final String ORDER_URL = "http://127.0.0.1:18183";
  /** name, port, workers: as the peer's README starts them. */
  private static final List<App> APPS = List.of(new App("catalog", 18182, 1), new App("payment", 18184, 1),
      new App("order", 18183, 2));
  private static final String DEBIAN_PACKAGES = "python3-flask python3-pymongo python3-jwt python3-cryptography "
      + "gunicorn python3-requests";
  private static final long READY_SECONDS = 60;

  private record App(String name, int port, int workers) {
  }

  private final List<Process> masters = new ArrayList<>();

  private FlaskPeer() {
  }

  /**
   * Starts the three apps from {@code peerDir} against {@code mongoUri} and waits until each has its workers
   * and answers HTTP.
   * Fails with {@link MissingPeer} when gunicorn, its Python modules or the script are not there.
   */
  public static FlaskPeer start(Path peerDir, String mongoUri, Path publicKey, Path logDir) {
    String gunicorn = checkPrerequisites(peerDir);
    FlaskPeer peer = new FlaskPeer();
    Runtime.getRuntime().addShutdownHook(new Thread(peer::close));
    try {
      Files.createDirectories(logDir);
      for (App app : APPS) {
        peer.masters.add(spawn(gunicorn, app, peerDir, mongoUri, publicKey, logDir));
      }
      for (int i = 0; i < APPS.size(); i++) {
        awaitReady(APPS.get(i), peer.masters.get(i), logDir);
      }
      return peer;
    } catch (IOException | RuntimeException e) {
      peer.close();
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }

  /** Gunicorn's masters and their workers, for CPU accounting (ProcessHandle reads /proc/&lt;pid&gt;/stat). */
  public List<ProcessHandle> processes() {
    return masters.stream().map(Process::toHandle)
        .flatMap(master -> Stream.concat(Stream.of(master), master.descendants())).toList();
  }

  /** The gunicorn to run, or {@link MissingPeer} saying in one sentence what the machine lacks for the peer. */
  public static String checkPrerequisites(Path peerDir) {
    if (!Files.isRegularFile(peerDir.resolve("orders.py"))) {
      throw new MissingPeer("no orders.py in " + peerDir + " (give the peer's directory with --peer-dir)");
    }
    Path gunicorn = onPath("gunicorn").orElseThrow(() -> new MissingPeer(
        "gunicorn is not on the PATH: the peer scenario needs the Debian packages " + DEBIAN_PACKAGES));
    String python = interpreter(gunicorn);
    List<String> check = List.of(python, "-c", "import flask, pymongo, jwt, cryptography, requests");
    int status;
    try {
      Process probe = new ProcessBuilder(check).redirectErrorStream(true).start();
      String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      status = probe.waitFor(60, TimeUnit.SECONDS) ? probe.exitValue() : -1;
      if (status != 0) {
        throw new MissingPeer(python + " (gunicorn's interpreter) cannot import the peer's modules (" + output
            + "): install the Debian packages " + DEBIAN_PACKAGES);
      }
    } catch (IOException e) {
      throw new MissingPeer(python + " (gunicorn's interpreter) does not run: " + e.getMessage()
          + "; install the Debian packages " + DEBIAN_PACKAGES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    for (App app : APPS) {
      if (!free(app.port())) {
        throw new MissingPeer("port " + app.port() + " (the peer's " + app.name() + " app) is taken: "
            + "another peer is running; the script's ports are fixed");
      }
    }
    return gunicorn.toString();
  }

  private static Process spawn(String gunicorn, App app, Path peerDir, String mongoUri, Path publicKey, Path logDir)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder("setsid", gunicorn, "-w", String.valueOf(app.workers()),
        "--threads", "8", "-b", "127.0.0.1:" + app.port(), "orders:app")
        .directory(peerDir.toFile()).redirectErrorStream(true)
        .redirectOutput(logDir.resolve("peer-" + app.name() + ".log").toFile());
    Map<String, String> env = builder.environment();
    env.put("APP", app.name());
    env.put("PEER_PUBKEY", publicKey.toString());
    env.put("PEER_MONGO", mongoUri);
    Process process = builder.start();
    System.out.println("started the peer's " + app.name() + " app (gunicorn pid " + process.pid() + ", "
        + app.workers() + " workers) on " + app.port());
    return process;
  }

  // the master listens before its workers are forked: ready is all workers up and a request answered
  private static void awaitReady(App app, Process master, Path logDir) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_SECONDS);
    while (master.descendants().count() < app.workers() || !answers(app.port())) {
      if (!master.isAlive()) {
        throw new IllegalStateException("the peer's " + app.name() + " app exited with " + master.exitValue()
            + "; see " + logDir.resolve("peer-" + app.name() + ".log"));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the peer's " + app.name() + " app did not answer on " + app.port()
            + " with " + app.workers() + " workers within " + READY_SECONDS + " s");
      }
      Pause.millis(200);
    }
  }

  private static boolean answers(int port) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] status = socket.getInputStream().readNBytes(5);
      return new String(status, StandardCharsets.US_ASCII).equals("HTTP/");
    } catch (IOException notYet) {
      return false;
    }
  }

  /** SIGTERM to each app's process group (gunicorn stops its workers), then SIGKILL to what is left. */
  @Override
  public synchronized void close() {
    List<ProcessHandle> all = processes();
    masters.forEach(master -> signalGroup("TERM", master.pid()));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (all.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
      Pause.millis(100);
    }
    masters.forEach(master -> signalGroup("KILL", master.pid()));
    all.forEach(ProcessHandle::destroyForcibly);
    masters.clear();
  }

  // setsid made each master the leader of a group whose id is its pid
  private static void signalGroup(String signal, long pid) {
    try {
      new ProcessBuilder("kill", "-" + signal, "--", "-" + pid).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      System.err.println("could not signal the peer's process group " + pid + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Optional<Path> onPath(String command) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, command)).filter(Files::isExecutable).findFirst();
  }

  // the peer's modules must import in the Python gunicorn runs on, which need not be the python3 on the PATH
  private static String interpreter(Path script) {
    try (var lines = Files.lines(script)) {
      String first = lines.findFirst().orElse("");
      if (first.startsWith("#!")) {
        String[] words = first.substring(2).trim().split("\\s+");
        return words[0].endsWith("/env") && words.length > 1 ? words[1] : words[0];
      }
    } catch (IOException | UncheckedIOException e) {
      // a binary launcher: fall back to the python3 on the PATH
    }
    return "python3";
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The machine cannot run the peer: said in one sentence, without a stack trace. */
  public static final class MissingPeer extends RuntimeException {
    MissingPeer(String message) {
      super(message);
    }
  }
}
