package org.ordermesh.node.bridge;

import io.vertx.core.json.JsonObject;
import org.ordermesh.platform.config.Settings;

/**
 * The event bus bridges' settings (README's table).
 *
 * @param tcpEnabled        whether the node runs the TCP bridge ({@code ORDERMESH_BRIDGE}, true)
 * @param tcpPort           TCP bridge port ({@code ORDERMESH_BRIDGE_PORT}, 7000)
 * @param tlsCertPath       PEM certificate chain: set with the key, the TCP bridge speaks TLS only
 *                          ({@code ORDERMESH_BRIDGE_TLS_CERT}, unset)
 * @param tlsKeyPath        PEM private key of that certificate ({@code ORDERMESH_BRIDGE_TLS_KEY}, unset)
 * @param framesPerSecond   frames a connection may send a second, on average ({@code ORDERMESH_BRIDGE_FRAMES_PER_SECOND}, 50);
 *                          bursts of twice that pass
 * @param writeQueueBytes   bytes waiting to be written to one connection before it counts as a slow reader
 *                          and is closed ({@code ORDERMESH_BRIDGE_WRITE_QUEUE_BYTES}, 262144)
 * @param requestTimeoutMs  longest a bridged request waits for its reply ({@code ORDERMESH_BRIDGE_REQUEST_TIMEOUT_MS}, 30000)
 */
public record BridgeSettings(boolean tcpEnabled, int tcpPort, String tlsCertPath, String tlsKeyPath,
                             int framesPerSecond, int writeQueueBytes, long requestTimeoutMs) {

  /** Frames over this are refused unread. */
  public static final int MAX_FRAME_BYTES = 64 * 1024;
  /** Registrations one connection may hold. */
  public static final int MAX_REGISTRATIONS = 32;
  /** Messages a TCP connection may hold unanswered (each a reply it owes to a bus sender). */
  public static final int MAX_PENDING_REPLIES = 256;

  public static BridgeSettings from(JsonObject config) {
    var s = new Settings(config);
    return new BridgeSettings(
      s.bool("ORDERMESH_BRIDGE", true),
      s.integer("ORDERMESH_BRIDGE_PORT", 7000),
      s.string("ORDERMESH_BRIDGE_TLS_CERT", null),
      s.string("ORDERMESH_BRIDGE_TLS_KEY", null),
      s.integer("ORDERMESH_BRIDGE_FRAMES_PER_SECOND", 50),
      s.integer("ORDERMESH_BRIDGE_WRITE_QUEUE_BYTES", 256 * 1024),
      s.integer("ORDERMESH_BRIDGE_REQUEST_TIMEOUT_MS", 30_000));
  }

  public boolean tls() {
    return tlsCertPath != null && tlsKeyPath != null;
  }
}
