package org.ordermesh.embedded;

import kafka.server.KafkaConfig;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.properties.MetaProperties;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** What {@code kafka-storage.sh format} does, called in process: StorageTool.main would call Exit. */
final class KafkaStorage {

  private static final String META_PROPERTIES = "meta.properties";

  private KafkaStorage() {
  }

  /** Formats the log directory once; the cluster id it writes there is kept by every later start. */
  static void formatIfNew(Path logDir, KafkaConfig config) {
    if (Files.exists(logDir.resolve(META_PROPERTIES))) {
      return;
    }
    MetaProperties meta = StorageTool.buildMetadataProperties(Uuid.randomUuid().toString(), config);
    int exitCode = StorageTool.formatCommand(silent(), StorageTool.configToLogDirectories(config), meta,
        MetadataVersion.LATEST_PRODUCTION, false);
    if (exitCode != 0) {
      throw new IllegalStateException("formatting " + logDir + " failed with exit code " + exitCode);
    }
  }

  private static PrintStream silent() {
    return new PrintStream(OutputStream.nullOutputStream());
  }
}
