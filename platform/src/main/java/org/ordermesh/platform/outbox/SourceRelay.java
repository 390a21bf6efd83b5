package org.ordermesh.platform.outbox;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ordermesh.platform.mongo.DelayedBulkWrites;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays one source collection while its relay holds the lease. Aggregates to publish come from the
 * collection's change stream ({@link SourceStream}, resumed from its saved token), sooner from nudges (a
 * fast path within the cluster), and from a scan for documents with pending events at start and as a rare
 * safety net; each aggregate is published by one pass at a time (a request during a pass runs another pass
 * after it), several aggregates at once. Everything runs on the relay verticle's event loop, so the
 * bookkeeping needs no locks.
 */
final class SourceRelay {

  private static final Logger LOG = LoggerFactory.getLogger(SourceRelay.class);
  // one scan finds at most this many aggregates; a full page is followed by the next scan at once
  private static final int SCAN_PAGE = 500;
  private static final long RETRY_AFTER_FAILURE_MILLIS = 1_000;
  // how long a stream opened from now is given before the scan, so that no write falls between the two
  private static final long STREAM_SETTLE_MILLIS = 1_000;
  private static final JsonObject WITH_PENDING = new JsonObject().put(Outbox.FIELD + ".0", new JsonObject().put("$exists", true));

  private final Vertx vertx;
  private final MongoClient mongo;
  private final OutboxSource source;
  private final AggregatePublisher publisher;
  private final DelayedBulkWrites pulls;
  private final OutboxRelaySettings settings;
  private final SourceStream stream;
  // aggregate id -> the outbox a nudge carried, or null: read it from the store
  private final LinkedHashMap<Object, JsonArray> waiting = new LinkedHashMap<>();
  // aggregate id -> requests that complete with the next successful pass of it
  private final Map<Object, List<Promise<Void>>> requested = new HashMap<>();
  private final Map<Object, Future<Void>> running = new HashMap<>();
  // read by the metrics scrape, off the event loop
  private final Map<Object, Integer> backlog = new ConcurrentHashMap<>();
  private Future<Void> scanning = Future.succeededFuture();
  private boolean active;
  private long pollTimer = -1;

  SourceRelay(Vertx vertx, MongoClient mongo, OutboxSource source, AggregatePublisher publisher, DelayedBulkWrites pulls,
              ResumeTokens tokens, OutboxRelaySettings settings) {
    this.vertx = vertx;
    this.mongo = mongo;
    this.source = source;
    this.publisher = publisher;
    this.pulls = pulls;
    this.settings = settings;
    this.stream = new SourceStream(vertx, mongo, source.collection(), tokens, settings.tokenSaveInterval(), this::onChange,
      this::scanSoon);
  }

  OutboxSource source() {
    return source;
  }

  /**
   * Tails the change stream from its saved token, then scans, which catches up on what the stream cannot
   * name: a write whose oplog entry a crash lost, or one from before the first token. Without a token the
   * scan waits a moment, since the stream's server cursor opens asynchronously and only writes after it
   * are streamed.
   */
  void start() {
    active = true;
    stream.start().onComplete(opened -> scanSoon());
  }

  /**
   * Stops taking work and completes once the passes under way have ended. The stream closes at once (a start
   * right after gets a stream of its own) and saves its position as of now: passes still under way are seen
   * again by the next holder, at least once.
   */
  Future<Void> stop() {
    active = false;
    var streamStopped = stream.stop();
    vertx.cancelTimer(pollTimer);
    waiting.clear();
    requested.clear();
    backlog.clear();
    var underWay = new ArrayList<Future<Void>>(running.values());
    underWay.add(scanning);
    underWay.add(streamStopped);
    return Future.join(underWay).eventually(pulls::flush).mapEmpty();
  }

  /** Publishes the aggregate's pending events soon, reading them from the store. */
  Future<Void> request(Object aggregateId) {
    return request(aggregateId, null);
  }

  /**
   * Publishes the aggregate's pending events soon; {@code outbox} is the outbox its writer saw after writing
   * (the newest such), or null to read it from the store, which also wins over any outbox already waiting.
   * Completes once a pass begun after this request has published them (never, if the relay stops first).
   */
  Future<Void> request(Object aggregateId, JsonArray outbox) {
    if (!active) {
      return Future.failedFuture("not relaying " + source.collection());
    }
    Promise<Void> published = Promise.promise();
    requested.computeIfAbsent(aggregateId, id -> new ArrayList<>()).add(published);
    boolean readIt = outbox == null || (waiting.containsKey(aggregateId) && waiting.get(aggregateId) == null);
    waiting.put(aggregateId, readIt ? null : outbox);
    drain();
    return published.future();
  }

  // a change carries the document as it is now: one with nothing in its outbox (e.g. the relay's own pull) needs no pass
  private Future<Void> onChange(JsonObject change) {
    Object aggregateId = change.getJsonObject("documentKey").getValue("_id");
    JsonObject document = change.getJsonObject("fullDocument");
    if (document == null) {
      return request(aggregateId);
    }
    JsonArray outbox = document.getJsonArray(Outbox.FIELD);
    if (outbox == null || outbox.isEmpty()) {
      return Future.succeededFuture();
    }
    backlog.put(aggregateId, outbox.size());
    return request(aggregateId, outbox);
  }

  private void scanSoon() {
    scheduleScan(STREAM_SETTLE_MILLIS);
  }

  /** Events pending, as of the last scan, change or pass of each aggregate. */
  int backlog() {
    return backlog.values().stream().mapToInt(Integer::intValue).sum();
  }

  private void scan() {
    var options = new FindOptions().setLimit(SCAN_PAGE).setFields(new JsonObject().put("_id", 1).put(Outbox.FIELD + ".id", 1));
    scanning = mongo.findWithOptions(source.collection(), WITH_PENDING, options)
      .onSuccess(documents -> {
        backlog.clear();
        documents.forEach(document -> {
          backlog.put(document.getValue("_id"), document.getJsonArray(Outbox.FIELD).size());
          request(document.getValue("_id"));
        });
        scheduleScan(documents.size() == SCAN_PAGE ? 1 : settings.pollInterval().toMillis());
      })
      .onFailure(error -> {
        LOG.warn("scanning {} for pending events failed: {}", source.collection(), error.toString());
        scheduleScan(settings.pollInterval().toMillis());
      })
      .mapEmpty();
  }

  private void scheduleScan(long delayMillis) {
    if (active) {
      vertx.cancelTimer(pollTimer);
      pollTimer = vertx.setTimer(delayMillis, timer -> scan());
    }
  }

  private void drain() {
    // no iterator is held across a pass: one with nothing to send completes at once and drains again
    while (active && running.size() < settings.concurrency()) {
      var request = waiting.entrySet().stream().filter(entry -> !running.containsKey(entry.getKey())).findFirst();
      if (request.isEmpty()) {
        return;
      }
      var aggregateId = request.get().getKey();
      var outbox = waiting.remove(aggregateId);
      var requests = requested.remove(aggregateId);
      Promise<Void> passed = Promise.promise();
      running.put(aggregateId, passed.future());
      pass(aggregateId, outbox, requests == null ? List.of() : requests).onComplete(passed);
    }
  }

  // a failed pass leaves its events in the document: they are read and sent again shortly, in the same order
  private Future<Void> pass(Object aggregateId, JsonArray outbox, List<Promise<Void>> requests) {
    return publisher.publishPending(aggregateId, outbox)
      .onSuccess(published -> {
        backlog.remove(aggregateId);
        requests.forEach(Promise::tryComplete);
      })
      .onFailure(error -> {
        LOG.warn("publishing events of {} {} failed, retrying in {} ms: {}", source.collection(), aggregateId,
          RETRY_AFTER_FAILURE_MILLIS, error.toString());
        if (active) {
          // the retry's pass answers these requests too
          requested.computeIfAbsent(aggregateId, id -> new ArrayList<>()).addAll(requests);
        }
        vertx.setTimer(RETRY_AFTER_FAILURE_MILLIS, retry -> request(aggregateId));
      })
      .<Void>mapEmpty()
      .eventually(() -> {
        running.remove(aggregateId);
        drain();
        return Future.succeededFuture();
      });
  }
}
