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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class GroupCommitDurabilityTest {

  private static final int ACKS_BEFORE_KILL = 2_000;

  @TempDir
  Path dir;

  @Test
  @DisplayName("every insert acknowledged before a kill -9 is in the store after a restart")
  void acknowledgedInsertsSurviveKill(Vertx vertx) throws Exception {
    Process writer = new ProcessBuilder(javaExecutable(), "-cp", System.getProperty("java.class.path"),
        AckedInsertWriter.class.getName(), dir.toString())
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
    assertThat(storedIds(vertx)).containsAll(acked);
  }

  private Set<String> storedIds(Vertx vertx) {
    try (EmbeddedMongo mongo = EmbeddedMongo.startFile(dir, "127.0.0.1", 0)) {
      MongoClient client = MongoClient.create(vertx, new JsonObject()
          .put("connection_string", mongo.connectionString()).put("db_name", AckedInsertWriter.DATABASE));
      List<JsonObject> stored = Await.result(client.findWithOptions(AckedInsertWriter.COLLECTION, new JsonObject(),
          new FindOptions().setFields(new JsonObject().put("_id", 1))));
      Await.result(client.close());
      return stored.stream().map(doc -> doc.getString("_id")).collect(Collectors.toSet());
    }
  }

  private static void collectAcks(Process writer, Set<String> acked, CountDownLatch enoughAcks) {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.startsWith(AckedInsertWriter.ACK_PREFIX) && line.endsWith(AckedInsertWriter.ACK_SUFFIX)) {
          acked.add(line.substring(AckedInsertWriter.ACK_PREFIX.length(), line.length() - 1));
          enoughAcks.countDown();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
