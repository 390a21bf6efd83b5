package org.ordermesh.platform.mongo;

import com.mongodb.client.model.changestream.ChangeStreamDocument;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.mongo.MongoClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One collection's change stream ({@link MongoClient#watch}) that reopens itself. The driver resumes a
 * stream by itself, with its resume token, after the errors MongoDB calls resumable (a lost connection,
 * an election); any other error, or the stream's end, is reported to {@link Listener#lost} and the stream
 * is opened again after a back-off (1 s, doubling to 30 s). vertx-mongo-client 5.0.7's {@code watch} takes
 * no resume token, so a reopened stream starts from now: whatever changed while it was down is the
 * listener's to catch up on, from the collection, when it is told {@link Listener#opened}.
 *
 * <p>The driver opens its server cursor a moment after {@code watch} is called and tells nobody when, and a
 * change before that is not in the stream; so {@code opened} comes {@link #SETTLE_MILLIS} after each
 * (re)open, by when the cursor is open on any reachable server, and a catch-up then misses nothing.
 * Runs on the context that starts it.
 */
public final class ChangeFeed {

  /** How long after {@code watch} a catch-up read is sure to see what the stream will not. */
  public static final long SETTLE_MILLIS = 2_000;

  /**
   * How long a server may hold a change stream's getMore waiting for changes (mongod's awaitData default, 1 s,
   * which the embedded store keeps), and a little more.
   */
  private static final long GET_MORE_ANSWERED_MILLIS = 1_200;

  private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);
  private static final long FIRST_RETRY_MILLIS = 1_000;
  private static final long MAX_RETRY_MILLIS = 30_000;
  // the most changes one server reply carries
  private static final int BATCH = 64;

  /** What the feed tells its owner, on the owner's context. */
  public interface Listener {

    /** A change, in the order the collection saw it. */
    void changed(ChangeStreamDocument<JsonObject> change);

    /** The stream is open and has been for {@link #SETTLE_MILLIS}: catch up on what it may have missed. */
    void opened();

    /** The stream failed or ended; it is opened again after a back-off. */
    void lost(Throwable cause);
  }

  private final Vertx vertx;
  private final MongoClient mongo;
  private final String collection;
  private final JsonArray pipeline;
  private final boolean fullDocument;
  private final Listener listener;
  private ReadStream<ChangeStreamDocument<JsonObject>> stream;
  private long timer = -1;
  private long retryMillis = FIRST_RETRY_MILLIS;
  private boolean closed;

  private ChangeFeed(Vertx vertx, MongoClient mongo, String collection, JsonArray pipeline, boolean fullDocument,
                     Listener listener) {
    this.vertx = vertx;
    this.mongo = mongo;
    this.collection = collection;
    this.pipeline = pipeline;
    this.fullDocument = fullDocument;
    this.listener = listener;
  }

  /**
   * Watches {@code collection} through {@code pipeline} (stages after {@code $changeStream});
   * {@code fullDocument}: updates carry the document as it is now ({@code updateLookup}).
   */
  public static ChangeFeed start(Vertx vertx, MongoClient mongo, String collection, JsonArray pipeline,
                                 boolean fullDocument, Listener listener) {
    var feed = new ChangeFeed(vertx, mongo, collection, pipeline, fullDocument, listener);
    feed.open();
    return feed;
  }

  /** Closes the stream (its server cursor with it); nothing more is told. Done as {@link #cancel}. */
  public Future<Void> close() {
    closed = true;
    vertx.cancelTimer(timer);
    var closing = stream == null ? Future.<Void>succeededFuture() : cancel(vertx, stream);
    stream = null;
    return closing;
  }

  /**
   * Cancels a change stream's subscription (the driver then kills its server cursor). Done once the stream's
   * last getMore, which the server may hold for its await time, has been answered: the client it runs on may
   * close after that, not before, or the driver logs the answer's callback failing on its closed session pool.
   */
  public static Future<Void> cancel(Vertx vertx, ReadStream<?> stream) {
    stream.handler(null);
    return vertx.timer(GET_MORE_ANSWERED_MILLIS).mapEmpty();
  }

  private void open() {
    var opening = mongo.watch(collection, pipeline, fullDocument, BATCH);
    stream = opening;
    opening.exceptionHandler(error -> lose(opening, error))
        .endHandler(end -> lose(opening, new IllegalStateException("the change stream of " + collection + " ended")))
        .handler(change -> {
          if (stream == opening && !closed) {
            listener.changed(change);
          }
        });
    timer = vertx.setTimer(SETTLE_MILLIS, t -> {
      if (stream == opening && !closed) {
        retryMillis = FIRST_RETRY_MILLIS;
        listener.opened();
      }
    });
  }

  private void lose(ReadStream<ChangeStreamDocument<JsonObject>> lost, Throwable cause) {
    if (stream != lost || closed) {
      return;
    }
    stream = null;
    vertx.cancelTimer(timer);
    log.warn("change stream of {} lost, reopening in {} ms: {}", collection, retryMillis, cause.toString());
    listener.lost(cause);
    timer = vertx.setTimer(retryMillis, t -> {
      if (!closed) {
        open();
      }
    });
    retryMillis = Math.min(MAX_RETRY_MILLIS, retryMillis * 2);
  }
}
