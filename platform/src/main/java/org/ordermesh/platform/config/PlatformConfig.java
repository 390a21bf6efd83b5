package org.ordermesh.platform.config;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.ordermesh.platform.http.AccessLogPolicy;

/**
 * What every service on a node needs to know about its surroundings.
 *
 * @param nodeId         this node's name in logs and metrics ({@code ORDERMESH_NODE_ID}, default the host name)
 * @param publicHost     the address peers reach this node at, published in discovery ({@code ORDERMESH_PUBLIC_HOST})
 * @param mongoUri       the MongoDB connection string; each service uses its own database on it ({@code MONGO_URI})
 * @param kafkaBootstrap Kafka bootstrap servers ({@code KAFKA_BOOTSTRAP})
 * @param drainSeconds   how long a stopping node waits for in-flight requests ({@code ORDERMESH_DRAIN_SECONDS})
 * @param cursorSecret   signs list cursors; every node of a cluster needs the same one, of at least 32 bytes
 *                       ({@code ORDERMESH_CURSOR_SECRET}; unset, a random one for this process: the node
 *                       launcher keeps one under {@code ORDERMESH_DATA} or refuses to start clustered without it)
 * @param accessLog      which requests the access log writes ({@code ORDERMESH_ACCESS_LOG} and its limits)
 */
public record PlatformConfig(String nodeId, String publicHost, String mongoUri, String kafkaBootstrap, int drainSeconds,
                             String cursorSecret, AccessLogPolicy accessLog) {

  public static final String NODE_ID = "ORDERMESH_NODE_ID";
  public static final String PUBLIC_HOST = "ORDERMESH_PUBLIC_HOST";
  public static final String MONGO_URI = "MONGO_URI";
  public static final String KAFKA_BOOTSTRAP = "KAFKA_BOOTSTRAP";
  public static final String DRAIN_SECONDS = "ORDERMESH_DRAIN_SECONDS";
  public static final String CURSOR_SECRET = "ORDERMESH_CURSOR_SECRET";
  public static final int MIN_SECRET_BYTES = 32;

  // one per process, so services of one JVM share it; never a value anyone could read in the source
  private static final String PROCESS_CURSOR_SECRET = randomSecret();

  public static PlatformConfig from(JsonObject config) {
    var settings = new Settings(config);
    return new PlatformConfig(
      settings.string(NODE_ID, "node"),
      settings.string(PUBLIC_HOST, "127.0.0.1"),
      settings.string(MONGO_URI, "mongodb://127.0.0.1:27017"),
      settings.string(KAFKA_BOOTSTRAP, "127.0.0.1:9092"),
      settings.integer(DRAIN_SECONDS, 10),
      cursorSecret(settings),
      AccessLogPolicy.from(settings));
  }

  private static String cursorSecret(Settings settings) {
    var secret = settings.string(CURSOR_SECRET, PROCESS_CURSOR_SECRET);
    if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(CURSOR_SECRET + " must be at least " + MIN_SECRET_BYTES + " bytes");
    }
    return secret;
  }

  /** 32 random bytes, base64url: a fresh cursor secret. */
  public static String randomSecret() {
    var bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
