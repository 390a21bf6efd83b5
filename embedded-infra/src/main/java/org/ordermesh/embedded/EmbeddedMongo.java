package org.ordermesh.embedded;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.h2.mvstore.MVStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A MongoDB-compatible server (mongo-java-server) in this JVM, with its oplog on so change streams work. */
public final class EmbeddedMongo implements AutoCloseable {

  /** The store's file inside the data directory. */
  public static final String FILE_NAME = "mongo.mv.db";

  private static final int BOSS_THREADS = 1;
  // a worker blocks while its write waits for the group commit, so many workers let many writes share one
  private static final int WORKER_THREADS = 32;

  /** How long the file-backed store keeps oplog entries, so change streams can resume from a token this old. */
  public static final Duration DEFAULT_OPLOG_RETENTION = Duration.ofHours(24);

  private final MongoServer server;
  private final String host;

  private EmbeddedMongo(MongoServer server, String host) {
    this.server = server;
    this.host = host;
  }

  /**
   * Starts a server keeping its data in {@code dir/mongo.mv.db}; a write is acknowledged once it is in
   * the file, and a restart on the same directory finds every acknowledged write.
   */
  public static EmbeddedMongo startFile(Path dir, String host, int port) {
    return startFile(dir, host, port, DEFAULT_OPLOG_RETENTION);
  }

  /** As {@link #startFile(Path, String, int)}, deleting oplog entries once they are older than {@code oplogRetention}. */
  public static EmbeddedMongo startFile(Path dir, String host, int port, Duration oplogRetention) {
    MVStore store = new MVStore.Builder().fileName(storeFile(dir).toString()).open();
    return start(new GroupCommitH2Backend(store, oplogRetention), host, port);
  }

  /** Starts a server keeping its data in memory only; port 0 picks a free port. */
  public static EmbeddedMongo startInMemory(String host, int port) {
    return start(new MemoryBackend(), host, port);
  }

  private static EmbeddedMongo start(MongoBackend backend, String host, int port) {
    MongoServer server = new MongoServer(backend);
    server.enableOplog();
    // a failed bind shuts the server down, closing the backend with it
    server.bind(new InetSocketAddress(host, port), BOSS_THREADS, WORKER_THREADS);
    return new EmbeddedMongo(server, host);
  }

  private static Path storeFile(Path dir) {
    try {
      return Files.createDirectories(dir).resolve(FILE_NAME);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }

  public int port() {
    return server.getLocalAddress().getPort();
  }

  public String connectionString() {
    return "mongodb://" + host + ":" + port();
  }

  /** Disconnects the clients, commits, compacts the file and releases its lock. */
  @Override
  public void close() {
    server.shutdownNow();
  }
}
