package org.ordermesh.platform.outbox;

import com.mongodb.MongoCommandException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.mongo.MongoClient;
import java.time.Duration;
import java.util.function.Function;
import org.ordermesh.platform.mongo.ChangeFeed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The change stream of one source collection, tailed from the saved resume token: each insert, update or
 * replace is handed over with the document as it is now ({@code fullDocument: updateLookup}), and the token
 * of the newest change handled, with everything before it, is saved every {@code saveEvery} and at stop. A
 * failed or ended stream is reopened from that token; one whose token the oplog no longer holds
 * (ChangeStreamHistoryLost) starts from now and asks for a scan.
 * vertx-mongo-client's {@code watch} takes no resume token, so the stream is opened as the
 * {@code $changeStream} aggregation it stands for.
 */
final class SourceStream {

  private static final Logger LOG = LoggerFactory.getLogger(SourceStream.class);
  private static final long REOPEN_AFTER_MILLIS = 1_000;
  // changes seen but not yet published: above this the stream pauses until the passes catch up
  private static final int MAX_PENDING = 10_000;
  private static final int RESUME_BELOW = 1_000;
  // mongod's code for a resume token older than the oplog
  private static final int CHANGE_STREAM_HISTORY_LOST = 286;
  private static final JsonObject CHANGES_WITH_DOCUMENTS = new JsonObject().put("$match", new JsonObject()
    .put("operationType", new JsonObject().put("$in", new JsonArray().add("insert").add("update").add("replace"))));

  private final Vertx vertx;
  private final MongoClient mongo;
  private final String collection;
  private final ResumeTokens tokens;
  private final Duration saveEvery;
  private final Function<JsonObject, Future<Void>> onChange;
  private final Runnable onHistoryLost;
  private ReadStream<JsonObject> stream;
  private StreamProgress progress = new StreamProgress(null, () -> { });
  private JsonObject saved;
  private boolean paused;
  private boolean active;
  private long saveTimer = -1;

  SourceStream(Vertx vertx, MongoClient mongo, String collection, ResumeTokens tokens, Duration saveEvery,
               Function<JsonObject, Future<Void>> onChange, Runnable onHistoryLost) {
    this.vertx = vertx;
    this.mongo = mongo;
    this.collection = collection;
    this.tokens = tokens;
    this.saveEvery = saveEvery;
    this.onChange = onChange;
    this.onHistoryLost = onHistoryLost;
  }

  /** Opens the stream after the saved token (from now when there is none, or it cannot be read). */
  Future<Void> start() {
    active = true;
    saveTimer = vertx.setPeriodic(saveEvery.toMillis(), timer -> save());
    return tokens.load(collection)
      .recover(error -> {
        LOG.warn("reading the resume token of {} failed, tailing from now: {}", collection, error.toString());
        return Future.succeededFuture();
      })
      .onSuccess(token -> {
        saved = token;
        open(token);
      })
      .mapEmpty();
  }

  /** Closes the stream and saves how far it got; done once its client may close. */
  Future<Void> stop() {
    active = false;
    vertx.cancelTimer(saveTimer);
    return Future.join(close(), save()).mapEmpty();
  }

  private void open(JsonObject token) {
    if (!active) {
      return;
    }
    var options = new JsonObject().put("fullDocument", "updateLookup");
    if (token != null) {
      options.put("resumeAfter", token);
    }
    var opened = mongo.aggregate(collection, new JsonArray().add(new JsonObject().put("$changeStream", options)).add(CHANGES_WITH_DOCUMENTS));
    progress = new StreamProgress(token, this::resumeIfCaughtUp);
    paused = false;
    stream = opened;
    opened.exceptionHandler(error -> failed(opened, error))
      .endHandler(ended -> failed(opened, new IllegalStateException("the change stream ended")))
      .handler(this::onEvent);
  }

  private void onEvent(JsonObject change) {
    progress.add(change.getJsonObject("_id"), onChange.apply(change));
    if (!paused && progress.pending() > MAX_PENDING) {
      paused = true;
      stream.pause();
    }
  }

  private void resumeIfCaughtUp() {
    if (paused && progress.pending() < RESUME_BELOW && stream != null) {
      paused = false;
      stream.resume();
    }
  }

  private void failed(ReadStream<JsonObject> failedStream, Throwable error) {
    if (!active || failedStream != stream) {
      return;
    }
    close();
    if (error instanceof MongoCommandException command && command.getErrorCode() == CHANGE_STREAM_HISTORY_LOST) {
      LOG.warn("the change stream of {} cannot resume (its token is older than the oplog): tailing from now, after a scan", collection);
      saved = null;
      tokens.forget(collection).onFailure(forgetting -> LOG.warn("forgetting the resume token of {} failed: {}", collection, forgetting.toString()));
      onHistoryLost.run();
      vertx.setTimer(REOPEN_AFTER_MILLIS, timer -> open(null));
      return;
    }
    LOG.warn("the change stream of {} failed, reopening it in {} ms: {}", collection, REOPEN_AFTER_MILLIS, error.toString());
    JsonObject from = progress.safe();
    vertx.setTimer(REOPEN_AFTER_MILLIS, timer -> open(from));
  }

  private Future<Void> close() {
    if (stream == null) {
      return Future.succeededFuture();
    }
    var closing = ChangeFeed.cancel(vertx, stream);
    stream = null;
    return closing;
  }

  private Future<Void> save() {
    JsonObject token = progress.safe();
    if (token == null || token.equals(saved)) {
      return Future.succeededFuture();
    }
    return tokens.save(collection, token)
      .onSuccess(done -> saved = token)
      .onFailure(error -> LOG.warn("saving the resume token of {} failed: {}", collection, error.toString()))
      .recover(error -> Future.succeededFuture());
  }
}
