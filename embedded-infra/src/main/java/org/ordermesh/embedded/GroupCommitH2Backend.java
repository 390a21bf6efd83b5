package org.ordermesh.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.BsonH2Database;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerException;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The H2 file backend, acknowledging a write only once an MVStore commit has put it in the file:
 * out of the box it acknowledges before its 1 s background commit, and a kill -9 loses those writes.
 * A commit may fall between a document's write and its index entries' (MVStore commits maps one by one,
 * and on its own timer too), so after a process that did not close the store the indexes are
 * rebuilt from the documents at start ({@link StoreState}).
 * It also keeps the file bounded while it runs: it compacts in small slices between group commits (not at
 * close) and trims the oplog ({@link OrderedOplog}, whose entries ride the same group commit) to a retention
 * time, from its oldest end in small batches on its maintenance thread; and it expires documents under TTL
 * indexes, as mongod's TTL monitor does. Its databases store documents and index keys in BSON and serve secondary indexes
 * ({@link BsonH2Database}); {@link StoreFormat} keeps it from opening a file in another format.
 */
final class GroupCommitH2Backend extends H2Backend {

  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitH2Backend.class);

  // the close compacts nothing: a full rewrite into a fresh file (~1 s for 75k documents) took more than the node's
  // whole stop limit at 100,000 stored orders and their hour of oplog, and the process was halted under it; a timed
  // compaction (MVStore's compactMoveChunks) fails an assertion in H2 2.3.232. The slices keep the file bounded
  private static final int NO_COMPACTION = 0;

  // a chunk is neither rewritten nor, once dead, reused before it is this old. Group commit already makes
  // every ack survive a kill -9 (the OS holds what was written) and readingCurrentVersion protects scans,
  // so it only spares young chunks, which empty by themselves within about a second, from rewrites; and
  // it sets the floor of the file: ~2x (this time x the write rate, ~20 MB/s at 2k inserts/s)
  private static final int RETENTION_MILLIS = 1_000;

  // MVStore's background compaction rarely gets the store lock from the busy committer, so under
  // sustained writes the committer itself moves the live pages of the emptiest old chunks into the next
  // commit, a slice after a commit at most every SLICE_EVERY_NANOS, whenever the chunks are less than this
  // full (by MVStore's estimate, which runs high); the chunks they leave are then free for new ones and the
  // file stops growing
  private static final int TARGET_FILL_RATE = 50;
  private static final int COMPACTION_SLICE_BYTES = 256 * 1024;
  // a slice first measures every chunk's fill rate, and writers arriving meanwhile wait for it: under hundreds
  // of commits a second that scan was 40% of the committer's time, so slices start at most this often
  private static final long SLICE_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(25);

  private static final String INDEXES_COLLECTION = "system.indexes";
  private static final String EXPIRE_AFTER = "expireAfterSeconds";
  private static final Duration MAX_TRIM_INTERVAL = Duration.ofMinutes(1);
  // each batch is a short MVMap walk from the oldest end; writers append at the other end meanwhile
  private static final int TRIM_BATCH = 512;
  private static final long COMMANDS_DRAIN_SECONDS = 10;

  /** How often documents under a TTL index are expired: mongod's TTL monitor runs every 60 s. */
  static final Duration TTL_INTERVAL = Duration.ofSeconds(60);

  private final ReentrantReadWriteLock commands = new ReentrantReadWriteLock();
  private volatile boolean closing;
  private final GroupCommitter committer;
  private final Duration oplogRetention;
  private final ScheduledExecutorService maintenance;
  // set when the server enables the oplog, after the constructor has started the committer
  private volatile OrderedOplog orderedOplog;
  private long lastSlice = System.nanoTime() - SLICE_EVERY_NANOS;

  GroupCommitH2Backend(MVStore store, Duration oplogRetention) {
    this(store, oplogRetention, TTL_INTERVAL);
  }

  GroupCommitH2Backend(MVStore store, Duration oplogRetention, Duration ttlInterval) {
    super(store);
    store.setRetentionTime(RETENTION_MILLIS);
    this.committer = new GroupCommitter("mongo-group-commit", this::commitWithOplog, this::compactSlice);
    this.oplogRetention = oplogRetention;
    this.maintenance = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "mongo-maintenance");
      thread.setDaemon(true);
      return thread;
    });
    long interval = Math.min(oplogRetention.toMillis(), MAX_TRIM_INTERVAL.toMillis());
    maintenance.scheduleWithFixedDelay(this::trimOplog, interval, interval, TimeUnit.MILLISECONDS);
    maintenance.scheduleWithFixedDelay(this::expireDocuments, ttlInterval.toMillis(), ttlInterval.toMillis(), TimeUnit.MILLISECONDS);
  }

  // uses no field of this class: H2Backend's constructor opens the file's databases through it before they are set
  @Override
  protected MongoDatabase openOrCreateDatabase(String databaseName) {
    return new BsonH2Database(databaseName, getMvStore(), getCursorRegistry());
  }

  @Override
  protected Oplog createOplog() {
    orderedOplog = new OrderedOplog(getMvStore(), this, getCursorRegistry());
    return orderedOplog;
  }

  // the oplog entries up to the newest taken before the commit are in it: streams may see them once it is done
  private void commitWithOplog() {
    OrderedOplog log = orderedOplog;
    long covered = log == null ? 0 : log.allocated();
    commit();
    if (log != null) {
      log.committedUpTo(covered);
    }
  }

  @Override
  public Document handleCommand(Channel channel, String database, String command, Document query) {
    // commands share the lock, closing takes it alone: the store is closed only once none is under way
    commands.readLock().lock();
    try {
      if (closing) {
        throw new MongoServerException("the embedded store is shutting down");
      }
      if (AwaitingGetMore.isGetMore(command) && channel != null && orderedOplog != null) {
        AwaitingGetMore.install(channel, orderedOplog, getCursorRegistry());
      }
      if (!WriteCommands.modifies(command, query)) {
        return readingCurrentVersion(() -> super.handleCommand(channel, database, command, query));
      }
      try {
        return readingCurrentVersion(() -> super.handleCommand(channel, database, command, query));
      } finally {
        // also after a failed write: an ordered batch may have applied part of its documents
        committer.awaitCommit();
      }
    } finally {
      commands.readLock().unlock();
    }
  }

  /**
   * Runs a command with the store's current version registered as in use. MVStore frees a chunk as soon
   * as no kept version uses it (the retention time only protects young chunks), and compaction empties
   * old chunks, so a scan that outlives a few commits could otherwise read a chunk whose space is reused.
   */
  private <T> T readingCurrentVersion(Supplier<T> command) {
    MVStore.TxCounter version = getMvStore().registerVersionUsage();
    try {
      return command.get();
    } finally {
      getMvStore().deregisterVersionUsage(version);
    }
  }

  // a command still reading when the store closes would find it closed, and keep a version MVStore expects released
  private void stopTakingCommands() {
    boolean drained = false;
    try {
      drained = commands.writeLock().tryLock(COMMANDS_DRAIN_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closing = true;
    if (drained) {
      commands.writeLock().unlock();
    } else {
      LOG.warn("commands still under way after {} s; closing the store anyway", COMMANDS_DRAIN_SECONDS);
    }
  }

  // on the committing thread only
  private void compactSlice() {
    long now = System.nanoTime();
    if (now - lastSlice < SLICE_EVERY_NANOS) {
      return;
    }
    lastSlice = now;
    getMvStore().compact(TARGET_FILL_RATE, COMPACTION_SLICE_BYTES);
  }

  /**
   * Deletes oplog entries older than the retention, oldest first, a batch at a time: the oplog otherwise keeps
   * the whole write history. An open change stream only reads entries after its position, so trimming older
   * ones does not disturb it; a stream resuming from a trimmed point is refused with ChangeStreamHistoryLost.
   */
  private void trimOplog() {
    OrderedOplog log = orderedOplog;
    if (log == null) {
      return;
    }
    try {
      var cutoff = getClock().instant().minus(oplogRetention);
      int trimmed;
      do {
        trimmed = readingCurrentVersion(() -> log.trimBatch(cutoff, TRIM_BATCH));
      } while (trimmed == TRIM_BATCH && !closing);
    } catch (RuntimeException e) {
      // the next run retries; a failing store shows itself to the writers through the commit
      LOG.warn("trimming the oplog failed", e);
    }
  }

  /**
   * Deletes the documents whose date under a TTL index ({@code expireAfterSeconds} on one field) is older
   * than that: a range query on that index, as mongod's TTL monitor runs; values that are not dates never
   * expire. The deletes go to the oplog, as mongod's do.
   */
  private void expireDocuments() {
    try {
      Instant now = getClock().instant();
      for (String name : List.copyOf(listDatabaseNames())) {
        MongoDatabase database = resolveDatabase(name);
        MongoCollection<?> indexes = database.resolveCollection(INDEXES_COLLECTION, false);
        if (indexes == null) {
          continue;
        }
        for (Document index : indexes.queryAll()) {
          expireUnder(database, index, now);
        }
      }
    } catch (RuntimeException e) {
      // the next run retries
      LOG.warn("expiring documents failed", e);
    }
  }

  private void expireUnder(MongoDatabase database, Document index, Instant now) {
    if (!(index.get(EXPIRE_AFTER) instanceof Number seconds) || !(index.get("key") instanceof Document key) || key.size() != 1) {
      return;
    }
    String namespace = String.valueOf(index.get("ns"));
    MongoCollection<?> collection = database.resolveCollection(namespace.substring(namespace.indexOf('.') + 1), false);
    if (collection == null) {
      return;
    }
    Instant cutoff = now.minusMillis((long) (seconds.doubleValue() * 1000));
    Document expired = new Document(key.keySet().iterator().next(), new Document("$lt", cutoff));
    int deleted = readingCurrentVersion(() -> collection.deleteDocuments(expired, 0, oplog));
    LOG.debug("expired {} documents of {}", deleted, namespace);
    if (deleted > 0) {
      // nobody waits for an expiry, but change streams see its deletes only once a commit covers them
      committer.awaitCommit();
    }
  }

  @Override
  public void close() {
    stopTakingCommands();
    maintenance.shutdownNow();
    try {
      // a trim or an expiry still running would race the final compaction
      maintenance.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    committer.close();
    StoreState.closing(getMvStore());
    // the MVStore.close() that super.close() calls afterwards is a no-op
    getMvStore().close(NO_COMPACTION);
    super.close();
  }
}
