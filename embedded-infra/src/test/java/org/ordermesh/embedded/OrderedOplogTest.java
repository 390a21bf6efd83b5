package org.ordermesh.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a waiting change stream's getMore is answered: for its own collection's entries, once committed. */
class OrderedOplogTest {

  private static final String WATCHED = "shop.orders";

  @TempDir
  Path dir;

  @Test
  @DisplayName("a waiting stream wakes for its collection's committed changes and its drop, not for writes elsewhere in the store")
  void wakesForItsCollectionOnly() {
    MVStore store = MVStore.open(null);
    OrderedOplog oplog = new OrderedOplog(store, new MemoryBackend(), new CursorRegistry());
    OrderedOplog.TailingCursor cursor = watch(oplog, new Document());
    AtomicInteger woken = new AtomicInteger();

    oplog.whenBehind(cursor, woken::incrementAndGet);
    oplog.handleInsert("shop.products", List.of(new Document("_id", "p-1")));
    oplog.committedUpTo(oplog.allocated());
    assertThat(woken).as("woken by another collection's write").hasValue(0);
    assertThat(cursor.behind()).isFalse();

    oplog.handleInsert(WATCHED, List.of(new Document("_id", "o-1")));
    assertThat(cursor.behind()).as("behind before the entry is committed").isFalse();
    oplog.committedUpTo(oplog.allocated());
    assertThat(woken).hasValue(1);
    assertThat(cursor.takeDocuments(0)).extracting(event -> ((Document) event.get("documentKey")).get("_id")).containsExactly("o-1");
    assertThat(cursor.behind()).as("behind once it read the entry").isFalse();

    oplog.whenBehind(cursor, woken::incrementAndGet);
    oplog.handleDropCollection(WATCHED);
    oplog.committedUpTo(oplog.allocated());
    assertThat(woken).as("woken by its collection's drop").hasValue(2);
    store.close();
  }

  @Test
  @DisplayName("a stream resumed from before the store opened is behind while older entries are unread, whatever their collection")
  void resumedStreamReadsItsBacklog() {
    String file = dir.resolve("oplog.mv.db").toString();
    MVStore before = MVStore.open(file);
    OrderedOplog written = new OrderedOplog(before, new MemoryBackend(), new CursorRegistry());
    written.handleInsert(WATCHED, List.of(new Document("_id", "o-1")));
    long first = written.allocated();
    written.handleInsert(WATCHED, List.of(new Document("_id", "o-2")));
    written.committedUpTo(written.allocated());
    before.close();

    MVStore after = MVStore.open(file);
    OrderedOplog reopened = new OrderedOplog(after, new MemoryBackend(), new CursorRegistry());
    OrderedOplog.TailingCursor resumed = watch(reopened, new Document("resumeAfter", new Document("_data", Long.toHexString(first))));

    assertThat(resumed.behind()).isTrue();
    assertThat(resumed.takeDocuments(0)).extracting(event -> ((Document) event.get("documentKey")).get("_id")).containsExactly("o-2");
    assertThat(resumed.behind()).isFalse();
    after.close();
  }

  private static OrderedOplog.TailingCursor watch(OrderedOplog oplog, Document changeStream) {
    return (OrderedOplog.TailingCursor) oplog.createCursor(changeStream, WATCHED, Aggregation.fromPipeline(List.of(), null, null, null, null));
  }
}
