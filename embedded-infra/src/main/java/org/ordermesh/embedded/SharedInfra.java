package org.ordermesh.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The servers every test of a JVM shares: started on first use, on free ports, and stopped when the
 * JVM exits. Tests keep apart by using their own database and topic names.
 */
public final class SharedInfra {

  private static final String HOST = "127.0.0.1";

  private SharedInfra() {
  }

  public static String mongoConnectionString() {
    return SharedMongo.INSTANCE.connectionString();
  }

  public static String kafkaBootstrapServers() {
    return SharedKafka.INSTANCE.bootstrapServers();
  }

  /** An in-memory server of the caller's own, for a test that stops or restarts it; the caller closes it. */
  public static EmbeddedMongo startPrivateMongo() {
    return EmbeddedMongo.startInMemory(HOST, 0);
  }

  // holder classes: the JVM starts each server once, on first use, and thread-safely
  private static final class SharedMongo {
    // in memory: tests need no durability, and it skips the commit wait on every write
    static final EmbeddedMongo INSTANCE = closedAtExit(EmbeddedMongo.startInMemory(HOST, 0), null);
  }

  private static final class SharedKafka {
    private static final Path LOG_DIR = temporaryDirectory();
    static final EmbeddedKafka INSTANCE = closedAtExit(EmbeddedKafka.start(LOG_DIR, HOST, 0), LOG_DIR);
  }

  private static <T extends AutoCloseable> T closedAtExit(T server, Path dirToDelete) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      closeQuietly(server);
      if (dirToDelete != null) {
        deleteRecursively(dirToDelete);
      }
    }, "shared-infra-shutdown"));
    return server;
  }

  private static void closeQuietly(AutoCloseable server) {
    try {
      server.close();
    } catch (Exception e) {
      System.err.println("closing " + server + " failed: " + e);
    }
  }

  private static Path temporaryDirectory() {
    try {
      return Files.createTempDirectory("ordermesh-kafka-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      System.err.println("cannot delete " + dir + ": " + e);
    }
  }
}
