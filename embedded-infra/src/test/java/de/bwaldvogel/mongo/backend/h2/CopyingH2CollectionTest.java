package de.bwaldvogel.mongo.backend.h2;

import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("a collection of the embedded store")
class CopyingH2CollectionTest {

  @Test
  @DisplayName("hands queries copies, so a document in a page being written never changes under the writer")
  void handsOutCopies() {
    try (MVStore store = MVStore.open(null)) {
      var collection = new BsonH2Database("db", store, new CursorRegistry()).createCollectionOrThrowIfExists("orders");
      collection.addDocument(new Document("_id", "o-1").append("status", "PENDING"));

      var handedOut = collection.handleQuery(new Document("_id", "o-1"), 0, 0).iterator().next();
      handedOut.put("status", "CHANGED IN PLACE");
      var scanned = collection.handleQuery(new Document("status", "PENDING"), 0, 0).iterator().next();
      scanned.put("status", "CHANGED IN PLACE");

      var stored = collection.handleQuery(new Document("_id", "o-1"), 0, 0).iterator().next();
      assertThat(stored.get("status")).isEqualTo("PENDING");
    }
  }

  @Test
  @DisplayName("answers a query while a writer holds the collection, so a long read does not stop its writes")
  void readsBesideAWriter() throws Exception {
    try (MVStore store = MVStore.open(null)) {
      var collection = new BsonH2Database("db", store, new CursorRegistry()).createCollectionOrThrowIfExists("orders");
      collection.addDocument(new Document("_id", "o-1").append("status", "PENDING"));
      var writing = new CountDownLatch(1);
      var done = new CountDownLatch(1);
      // mongo-java-server's writes hold the collection's monitor while they change documents and indexes
      var writer = new Thread(() -> {
        synchronized (collection) {
          writing.countDown();
          awaitQuietly(done);
        }
      });
      writer.start();
      writing.await();
      try {
        var read = CompletableFuture.supplyAsync(() -> collection.handleQuery(new Document("status", "PENDING"), 0, 0));
        assertThat(read.get(10, TimeUnit.SECONDS)).hasSize(1);
      } finally {
        done.countDown();
        writer.join();
      }
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
