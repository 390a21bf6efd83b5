package org.ordermesh.embedded;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.backend.Cursor;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.oplog.Oplog;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.stream.Stream;

/**
 * The oplog as an MVStore map of its own, keyed by the entry's timestamp (seconds and an increment, as
 * mongod's), so it is in its natural order: a change stream reads only the entries after its position, a
 * trim removes from the oldest end, and a write adds one B-tree entry to the commit its document rides.
 * mongo-java-server's oplog is a collection that every poll, resume and trim scans whole.
 * <p>
 * A stream sees an entry once the group commit that put it in the file is done ({@link #visibleUpTo}), so
 * nothing it reports is lost to a kill -9 afterwards, and entries become visible in timestamp order: a
 * commit covers the keys below the oldest still being put.
 * Entries of the {@code local} database are not kept, as on mongod.
 */
final class OrderedOplog implements Oplog {

  private static final String ENTRIES_MAP = "ordermesh-oplog";
  private static final String META_MAP = "ordermesh-oplog-meta";
  // every entry before this key has been trimmed: a resume from before it may have missed changes
  private static final String TRIMMED_BEFORE = "trimmedBefore";
  // mongod's code for a resume point the oplog no longer holds
  private static final int CHANGE_STREAM_HISTORY_LOST = 286;
  // a batch at most this long keeps every reply far below the 16 MB message limit
  private static final int MAX_BATCH = 1_000;
  private static final String LOCAL_PREFIX = "local.";

  private final MVMap<Long, Document> entries;
  private final MVMap<String, Long> meta;
  private final MongoBackend backend;
  private final CursorRegistry cursors;
  private final Clock clock;
  private final Queue<Waiter> waiters = new ConcurrentLinkedQueue<>();
  private final ConcurrentSkipListSet<Long> writing = new ConcurrentSkipListSet<>();
  // each namespace's newest entry since this process opened the oplog: a stream waits for its own
  private final Map<String, Long> newestByNamespace = new ConcurrentHashMap<>();
  private final long openedAt;
  private long last;
  private volatile long visibleUpTo;

  private record Waiter(TailingCursor cursor, Runnable wake) {
  }

  OrderedOplog(MVStore store, MongoBackend backend, CursorRegistry cursors) {
    this.entries = store.openMap(ENTRIES_MAP, new MVMap.Builder<Long, Document>().valueType(DocumentType.INSTANCE));
    this.meta = store.openMap(META_MAP);
    this.backend = backend;
    this.cursors = cursors;
    this.clock = backend.getClock();
    // what the file holds is committed; new entries follow it even if the clock went back
    Long newest = entries.lastKey();
    this.last = newest == null ? 0 : newest;
    this.visibleUpTo = last;
    this.openedAt = last;
  }

  @Override
  public void handleInsert(String namespace, List<Document> documents) {
    if (!namespace.startsWith(LOCAL_PREFIX)) {
      documents.forEach(document -> append(entry("i", namespace).append("o", document.cloneDeeply())));
    }
  }

  @Override
  public void handleUpdate(String namespace, Document selector, Document query, List<Object> modifiedIds) {
    if (!namespace.startsWith(LOCAL_PREFIX)) {
      modifiedIds.forEach(id -> append(entry("u", namespace).append("o", query.cloneDeeply()).append("o2", new Document("_id", id))));
    }
  }

  @Override
  public void handleDelete(String namespace, Document query, List<Object> deletedIds) {
    if (!namespace.startsWith(LOCAL_PREFIX)) {
      deletedIds.forEach(id -> append(entry("d", namespace).append("o", new Document("_id", id))));
    }
  }

  @Override
  public void handleDropCollection(String namespace) {
    if (!namespace.startsWith(LOCAL_PREFIX)) {
      String database = Utils.getDatabaseNameFromFullName(namespace);
      append(entry("c", database + ".$cmd").append("o", new Document("drop", Utils.getCollectionNameFromFullName(namespace))));
    }
  }

  private Document entry(String op, String namespace) {
    return new Document("op", op).append("ns", namespace).append("wall", clock.instant());
  }

  // the key is taken under the lock, the entry put outside it (a put may wait for the store), noted meanwhile in writing
  private void append(Document entry) {
    long ts;
    synchronized (this) {
      ts = Math.max(clock.instant().getEpochSecond() << 32 | 1, last + 1);
      last = ts;
      writing.add(ts);
      newestByNamespace.put((String) entry.get("ns"), ts);
    }
    try {
      entry.put("ts", new BsonTimestamp(ts));
      entries.put(ts, entry);
    } finally {
      writing.remove(ts);
    }
  }

  /** The newest timestamp up to which every entry is in the map; read before a commit, it names what the commit covers. */
  synchronized long allocated() {
    // entries leave writing outside the lock: ceiling answers null rather than failing when the last one just left
    Long oldestWriting = writing.ceiling(Long.MIN_VALUE);
    return oldestWriting == null ? last : oldestWriting - 1;
  }

  /** Called once a commit covering every entry up to {@code ts} is done: streams with entries among them may see them now. */
  void committedUpTo(long ts) {
    if (ts > visibleUpTo) {
      visibleUpTo = ts;
      for (Waiter waiter : waiters) {
        if (waiter.cursor().behind() && waiters.remove(waiter)) {
          waiter.wake().run();
        }
      }
    }
  }

  /**
   * Runs {@code wake} once entries {@code cursor} would report are visible (perhaps at once); the answer cancels
   * it. A write elsewhere in the store does not wake it: each empty answer would cost its client a round trip.
   */
  Runnable whenBehind(TailingCursor cursor, Runnable wake) {
    Waiter waiter = new Waiter(cursor, wake);
    waiters.add(waiter);
    if (cursor.behind() && waiters.remove(waiter)) {
      wake.run();
    }
    return () -> waiters.remove(waiter);
  }

  /**
   * Deletes at most {@code batch} of the oldest entries, those older than {@code cutoff}, and answers how many:
   * fewer than {@code batch} means none older is left. Writers append at the other end of the map meanwhile.
   */
  int trimBatch(Instant cutoff, int batch) {
    long cutoffKey = cutoff.getEpochSecond() << 32;
    List<Long> oldest = new ArrayList<>(batch);
    var keys = entries.keyIterator(null);
    while (oldest.size() < batch && keys.hasNext()) {
      long key = keys.next();
      if (key >= cutoffKey) {
        break;
      }
      oldest.add(key);
    }
    if (!oldest.isEmpty()) {
      // stamped before the entries go, so a resume from among them is refused even if the trim stops midway
      meta.put(TRIMMED_BEFORE, oldest.get(oldest.size() - 1) + 1);
      oldest.forEach(entries::remove);
    }
    return oldest.size();
  }

  @Override
  public Cursor createCursor(Document changeStream, String namespace, Aggregation aggregation) {
    TailingCursor cursor = new TailingCursor(cursors.generateCursorId(), startPosition(changeStream), namespace, aggregation,
        "updateLookup".equals(changeStream.get("fullDocument")));
    cursors.add(cursor);
    return cursor;
  }

  private long startPosition(Document changeStream) {
    Object token = changeStream.get("resumeAfter") != null ? changeStream.get("resumeAfter") : changeStream.get("startAfter");
    if (token instanceof Document resumeToken) {
      long position = Long.parseUnsignedLong(String.valueOf(resumeToken.get("_data")), 16);
      Long trimmedBefore = meta.get(TRIMMED_BEFORE);
      if (trimmedBefore != null && position < trimmedBefore - 1) {
        throw new MongoServerError(CHANGE_STREAM_HISTORY_LOST, "ChangeStreamHistoryLost",
            "the resume point may no longer be in the oplog: its entries before " + new BsonTimestamp(trimmedBefore) + " are trimmed");
      }
      return position;
    }
    if (changeStream.get("startAtOperationTime") instanceof BsonTimestamp time) {
      return time.getValue() - 1;
    }
    return visibleUpTo;
  }

  /**
   * A change stream's server cursor: each batch reads the visible entries after its position. The position
   * moves past every entry read, also those of other collections, so a quiet collection's stream in a busy
   * store does not read the same entries again.
   */
  final class TailingCursor implements Cursor {

    private final long id;
    private final String namespace;
    private final Aggregation aggregation;
    private final boolean lookUpUpdates;
    private volatile long position;

    private TailingCursor(long id, long position, String namespace, Aggregation aggregation, boolean lookUpUpdates) {
      this.id = id;
      this.position = position;
      this.namespace = namespace;
      this.aggregation = aggregation;
      this.lookUpUpdates = lookUpUpdates;
    }

    @Override
    public long getId() {
      return id;
    }

    @Override
    public boolean isEmpty() {
      return false;
    }

    /**
     * Whether a batch now could find entries this cursor has not read: a visible entry of its collection (or a
     * drop of it) after its position. Before the oplog's opening in this process the namespaces are not
     * tracked, so a cursor still reading those entries is behind while any are visible.
     */
    boolean behind() {
      long upTo = visibleUpTo;
      if (position < openedAt) {
        return upTo > position;
      }
      return visibleAfter(namespace, upTo) || visibleAfter(Utils.getDatabaseNameFromFullName(namespace) + ".$cmd", upTo);
    }

    private boolean visibleAfter(String entryNamespace, long upTo) {
      Long newest = newestByNamespace.get(entryNamespace);
      return newest != null && newest > position && newest <= upTo;
    }

    @Override
    public synchronized List<Document> takeDocuments(int numberToReturn) {
      int limit = numberToReturn > 0 ? Math.min(numberToReturn, MAX_BATCH) : MAX_BATCH;
      long upTo = visibleUpTo;
      List<Document> batch = new ArrayList<>();
      var cursor = entries.cursor(position + 1);
      long read = position;
      while (batch.size() < limit && cursor.hasNext()) {
        long key = cursor.next();
        if (key > upTo) {
          break;
        }
        read = key;
        Document entry = cursor.getValue();
        if (concerns(entry)) {
          // one event at a time through the stream's stages ($match, $project...), as mongod applies them
          aggregation.runStagesAsStream(Stream.of(changeEvent(entry))).forEach(batch::add);
        }
      }
      // a short batch read every visible entry; a full one stops at the last it read
      position = batch.size() < limit ? Math.max(position, upTo) : read;
      return batch;
    }

    private boolean concerns(Document entry) {
      String entryNamespace = (String) entry.get("ns");
      return entryNamespace.equals(namespace) || (entryNamespace.equals(Utils.getDatabaseNameFromFullName(namespace) + ".$cmd")
          && Utils.getCollectionNameFromFullName(namespace).equals(((Document) entry.get("o")).get("drop")));
    }

    private Document changeEvent(Document entry) {
      BsonTimestamp ts = (BsonTimestamp) entry.get("ts");
      String entryNamespace = (String) entry.get("ns");
      Document o = (Document) entry.get("o");
      Document event = new Document("_id", new Document("_data", Long.toHexString(ts.getValue())));
      String database = Utils.getDatabaseNameFromFullName(entryNamespace);
      switch ((String) entry.get("op")) {
        case "i" -> event.append("operationType", "insert")
            .append("clusterTime", ts).append("wallTime", entry.get("wall"))
            .append("ns", ns(namespace)).append("documentKey", new Document("_id", o.get("_id")))
            .append("fullDocument", o);
        case "u" -> {
          Document key = (Document) entry.get("o2");
          boolean replacement = o.keySet().stream().noneMatch(field -> field.startsWith("$"));
          event.append("operationType", replacement ? "replace" : "update")
              .append("clusterTime", ts).append("wallTime", entry.get("wall"))
              .append("ns", ns(namespace)).append("documentKey", key);
          if (replacement) {
            event.append("fullDocument", o);
          } else {
            event.append("updateDescription", updateDescription(o));
            if (lookUpUpdates) {
              event.append("fullDocument", current(key.get("_id")));
            }
          }
        }
        case "d" -> event.append("operationType", "delete")
            .append("clusterTime", ts).append("wallTime", entry.get("wall"))
            .append("ns", ns(namespace)).append("documentKey", o);
        default -> event.append("operationType", "drop")
            .append("clusterTime", ts).append("wallTime", entry.get("wall"))
            .append("ns", new Document("db", database).append("coll", o.get("drop")));
      }
      return event;
    }

    private Document ns(String fullName) {
      return new Document("db", Utils.getDatabaseNameFromFullName(fullName)).append("coll", Utils.getCollectionNameFromFullName(fullName));
    }

    // by _id, a point lookup in the collection's map (mongo-java-server's own lookup scans the collection)
    private Document current(Object id) {
      var collection = backend.resolveDatabase(Utils.getDatabaseNameFromFullName(namespace))
          .resolveCollection(Utils.getCollectionNameFromFullName(namespace), false);
      if (collection == null) {
        return null;
      }
      var found = collection.handleQuery(new Document("_id", id), 0, 1).iterator();
      return found.hasNext() ? found.next() : null;
    }

    private static Document updateDescription(Document update) {
      Document updated = new Document();
      if (update.get("$set") instanceof Document set) {
        updated.putAll(set);
      }
      List<String> removed = new ArrayList<>();
      if (update.get("$unset") instanceof Document unset) {
        removed.addAll(unset.keySet());
      }
      return new Document("updatedFields", updated).append("removedFields", removed);
    }
  }
}
