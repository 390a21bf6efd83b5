package org.ordermesh.embedded;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class IndexDurabilityTest {

  private static final int ACKS_BEFORE_KILL = 1_500;
  private static final List<String> STATUSES = List.of("PENDING", "CONFIRMED", "CANCELLED");

  @TempDir
  Path dir;

  @Test
  @DisplayName("after a kill -9 under inserts and updates, every acknowledged document is there and the index agrees with the documents")
  void indexAgreesAfterKill(Vertx vertx) throws Exception {
    Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), IndexedUpdateWriter.class.getName(), dir.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    Set<String> acked = ConcurrentHashMap.newKeySet();
    CountDownLatch enoughAcks = new CountDownLatch(ACKS_BEFORE_KILL);
    Thread reader = new Thread(() -> collectAcks(writer, acked, enoughAcks));
    reader.start();

    boolean reachedTarget = enoughAcks.await(60, TimeUnit.SECONDS);
    writer.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    reader.join(TimeUnit.SECONDS.toMillis(10));

    assertThat(reachedTarget).as("the writer acknowledged %d inserts in time", ACKS_BEFORE_KILL).isTrue();
    try (EmbeddedMongo mongo = EmbeddedMongo.startFile(dir, "127.0.0.1", 0)) {
      MongoClient client = MongoClient.create(vertx, new JsonObject()
          .put("connection_string", mongo.connectionString()).put("db_name", IndexedUpdateWriter.DATABASE));
      // a scan of the documents (no filter on an indexed field), then each status through the index
      Map<String, Set<String>> scanned = Await.result(client.findWithOptions(IndexedUpdateWriter.COLLECTION, new JsonObject(),
          new FindOptions())).stream().collect(Collectors.groupingBy(document -> document.getString("status"),
          Collectors.mapping(document -> document.getString("_id"), Collectors.toSet())));
      assertThat(scanned.values().stream().flatMap(Set::stream).collect(Collectors.toSet())).containsAll(acked);
      for (String status : STATUSES) {
        JsonObject filter = new JsonObject().put("status", status).put("seq", new JsonObject().put("$gte", 0));
        JsonObject plan = Await.result(client.runCommand("explain", new JsonObject().put("explain",
            new JsonObject().put("find", IndexedUpdateWriter.COLLECTION).put("filter", filter))));
        Set<String> indexed = Await.result(client.findWithOptions(IndexedUpdateWriter.COLLECTION, filter, new FindOptions()))
            .stream().map(document -> document.getString("_id")).collect(Collectors.toSet());
        assertThat(Explained.usesIndex(plan)).as("%s read through the index", status).isTrue();
        assertThat(indexed).as("%s through the index", status).isEqualTo(scanned.getOrDefault(status, Set.of()));
      }
      Await.result(client.close());
    }
  }

  private static void collectAcks(Process writer, Set<String> acked, CountDownLatch enoughAcks) {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.startsWith(IndexedUpdateWriter.ACK_PREFIX) && line.endsWith(IndexedUpdateWriter.ACK_SUFFIX)) {
          acked.add(line.substring(IndexedUpdateWriter.ACK_PREFIX.length(), line.length() - 1));
          enoughAcks.countDown();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
