package org.ordermesh.node;

import io.vertx.core.json.JsonObject;
import org.ordermesh.platform.config.PlatformConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;

/**
 * Secrets every node of a cluster must share: the cursor secret, on nodes running auth the passphrase that
 * encrypts the private signing keys at rest, and on nodes running auth or order the order service's client secret. A clustered node refuses to start without them, since a
 * value of its own would not match its peers'; a single node makes each one at random on first start and
 * keeps it under {@code ORDERMESH_DATA} (mode 0600), so what it signed stays valid across restarts.
 * Blocking file access: called before the node's Vert.x instance exists, or on a worker.
 */
public final class NodeSecrets {

  static final String CURSOR_SECRET_FILE = "cursor-secret";
  static final String SIGNING_KEY_PASSPHRASE = "ORDERMESH_SIGNING_KEY_PASSPHRASE";
  static final String SIGNING_KEY_PASSPHRASE_FILE = "signing-key-passphrase";
  static final String ORDER_CLIENT_SECRET = "ORDERMESH_ORDER_CLIENT_SECRET";
  static final String ORDER_CLIENT_SECRET_FILE = "order-client-secret";

  private NodeSecrets() {
  }

  /** The settings with each shared secret present; IllegalStateException naming the setting when one is missing. */
  public static JsonObject complete(NodeSettings settings, JsonObject serviceSettings) {
    var completed = serviceSettings.copy();
    completed.put(PlatformConfig.CURSOR_SECRET, shared(settings, PlatformConfig.CURSOR_SECRET, CURSOR_SECRET_FILE,
      PlatformConfig::randomSecret));
    // private signing keys are encrypted at rest unless someone chose otherwise: only auth holds them
    if (settings.services().contains("auth")) {
      completed.put(SIGNING_KEY_PASSPHRASE, shared(settings, SIGNING_KEY_PASSPHRASE, SIGNING_KEY_PASSPHRASE_FILE,
        PlatformConfig::randomSecret));
    }
    // auth registers the order service's client with it, order asks for its service token with it
    if (settings.services().contains("auth") || settings.services().contains("order")) {
      completed.put(ORDER_CLIENT_SECRET, shared(settings, ORDER_CLIENT_SECRET, ORDER_CLIENT_SECRET_FILE,
        PlatformConfig::randomSecret));
    }
    return completed;
  }

  private static String shared(NodeSettings settings, String key, String fileName, Supplier<String> generator) {
    var configured = settings.raw().getValue(key);
    if (configured != null && !configured.toString().isBlank()) {
      return configured.toString();
    }
    if (settings.clustered()) {
      throw new IllegalStateException(key + " is required on a clustered node: every node must use the same value");
    }
    return keptUnder(settings.dataDir().resolve(fileName), generator);
  }

  private static String keptUnder(Path file, Supplier<String> generator) {
    try {
      Files.createDirectories(file.getParent());
      try {
        Files.writeString(Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
          generator.get(), StandardCharsets.UTF_8, StandardOpenOption.WRITE);
      } catch (FileAlreadyExistsException kept) {
        // made on an earlier start: reuse it
      }
      var value = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (value.isEmpty()) {
        throw new IllegalStateException(file + " is empty: delete it to have a new secret made");
      }
      return value;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep a secret in " + file, e);
    }
  }
}
