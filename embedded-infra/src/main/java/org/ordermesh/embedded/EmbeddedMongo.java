package org.ordermesh.embedded;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import org.h2.mvstore.MVStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A MongoDB-compatible server (mongo-java-server) in this JVM, with an oplog, so change streams work: each
 * write adds one entry to a timestamp-ordered map in the same group commit ({@link OrderedOplog}), entries
 * older than the retention are trimmed from the oldest end, and a change stream's getMore waits for new
 * entries as mongod's does ({@link AwaitingGetMore}) instead of answering empty at once.
 */
public final class EmbeddedMongo implements AutoCloseable {

  /** The store's file inside the data directory. */
  public static final String FILE_NAME = "mongo.mv.db";

  private static final int BOSS_THREADS = 1;
  // a worker blocks while its write waits for the group commit, so many workers let many writes share one
  private static final int WORKER_THREADS = 32;


  private final MongoServer server;
  private final String host;

  private EmbeddedMongo(MongoServer server, String host) {
    this.server = server;
    this.host = host;
  }

  /** How long the oplog keeps an entry unless told otherwise: how far back a change stream can resume. */
  public static final Duration DEFAULT_OPLOG_RETENTION = Duration.ofHours(1);

  /**
   * Starts a server keeping its data in {@code dir/mongo.mv.db}, with an oplog of {@link #DEFAULT_OPLOG_RETENTION};
   * a write is acknowledged once it is in the file, and a restart on the same directory finds every
   * acknowledged write and the oplog, so a change stream resumes across it.
   */
  public static EmbeddedMongo startFile(Path dir, String host, int port) {
    return startFile(dir, host, port, DEFAULT_OPLOG_RETENTION);
  }

  /** As {@link #startFile(Path, String, int)}, with an oplog whose entries are deleted once older than {@code oplogRetention}. */
  public static EmbeddedMongo startFile(Path dir, String host, int port, Duration oplogRetention) {
    return start(opened(openStore(dir), oplogRetention), host, port, true);
  }

  /** As {@link #startFile(Path, String, int)}, without an oplog: for measuring what the oplog costs a write. */
  static EmbeddedMongo startFileWithoutOplog(Path dir, String host, int port) {
    return start(opened(openStore(dir), DEFAULT_OPLOG_RETENTION), host, port, false);
  }

  // the backend opens the file's databases and indexes in its constructor: a rebuild the file asks for happens there
  private static GroupCommitH2Backend opened(MVStore store, Duration oplogRetention) {
    StoreState.opening(store);
    GroupCommitH2Backend backend = new GroupCommitH2Backend(store, oplogRetention);
    StoreState.opened(store);
    return backend;
  }

  /**
   * Starts a server keeping its data in memory only, with an oplog of {@link #DEFAULT_OPLOG_RETENTION}; port 0
   * picks a free port. It is the file store's backend on an in-memory MVStore, so tests meet the same
   * indexes, planner, oplog and TTL monitor.
   */
  public static EmbeddedMongo startInMemory(String host, int port) {
    return start(new GroupCommitH2Backend(new MVStore.Builder().open(), DEFAULT_OPLOG_RETENTION), host, port, true);
  }

  private static MVStore openStore(Path dir) {
    Path file = storeFile(dir);
    return StoreFormat.verified(new MVStore.Builder().fileName(file.toString()).open(), file);
  }

  private static EmbeddedMongo start(MongoBackend backend, String host, int port, boolean oplog) {
    MongoServer server = new MongoServer(backend);
    if (oplog) {
      server.enableOplog();
    }
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

  /** Disconnects the clients, commits and releases the file's lock. */
  @Override
  public void close() {
    server.shutdownNow();
  }
}
