package org.ordermesh.platform.mongo;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.BulkWriteOptions;
import io.vertx.ext.mongo.MongoClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes that may wait a little, sent together: one unordered bulk write per delay for everything added
 * meanwhile, instead of a round trip each. {@link #add} is for idempotent housekeeping whose delay or
 * repetition nobody can observe as wrong (removing published events, deleting finished sagas' leases): a
 * failed batch is tried again with the next one. {@link #addWatched} is for conditional updates whose
 * writer wants to know: it learns whether the whole batch matched, and re-reads when it did not (keep
 * watched updates in an instance of their own, since the match count covers the whole batch).
 * Use it from one event loop.
 */
public final class DelayedBulkWrites {

  private static final Logger LOG = LoggerFactory.getLogger(DelayedBulkWrites.class);

  private final Vertx vertx;
  private final MongoClient mongo;
  private final String collection;
  private final Duration delay;
  private List<BulkOperation> pending = new ArrayList<>();
  private List<Promise<Boolean>> watchers = new ArrayList<>();
  private Future<Void> flushing = Future.succeededFuture();
  private long timer = -1;

  public DelayedBulkWrites(Vertx vertx, MongoClient mongo, String collection, Duration delay) {
    this.vertx = vertx;
    this.mongo = mongo;
    this.collection = collection;
    this.delay = delay;
  }

  public void add(BulkOperation operation) {
    pending.add(operation);
    scheduleFlush();
  }

  /**
   * Adds a conditional update and answers, once its batch is written, whether every update of the batch
   * matched its document (so this one did); false when one did not, or the batch failed: then this one may or
   * may not have been written. Not retried.
   */
  public Future<Boolean> addWatched(BulkOperation update) {
    Promise<Boolean> written = Promise.promise();
    pending.add(update);
    watchers.add(written);
    scheduleFlush();
    return written.future();
  }

  private void scheduleFlush() {
    if (timer < 0) {
      timer = vertx.setTimer(delay.toMillis(), fired -> {
        timer = -1;
        flush();
      });
    }
  }

  /** Sends what waits now; completes when that write (and any before it) has ended, failed or not. */
  public Future<Void> flush() {
    vertx.cancelTimer(timer);
    timer = -1;
    if (pending.isEmpty()) {
      return flushing;
    }
    var batch = pending;
    var watching = watchers;
    pending = new ArrayList<>();
    watchers = new ArrayList<>();
    flushing = flushing.eventually(() -> mongo.bulkWriteWithOptions(collection, batch, new BulkWriteOptions(false))
      .onSuccess(result -> watching.forEach(watcher -> watcher.complete(result.getMatchedCount() == batch.size())))
      .<Void>mapEmpty()
      .recover(error -> {
        LOG.warn("a delayed bulk write of {} operations on {} failed, retrying the unwatched ones with the next batch: {}",
          batch.size(), collection, error.toString());
        watching.forEach(watcher -> watcher.complete(false));
        if (watching.isEmpty()) {
          batch.forEach(this::add);
        }
        return Future.succeededFuture();
      }));
    return flushing;
  }
}
