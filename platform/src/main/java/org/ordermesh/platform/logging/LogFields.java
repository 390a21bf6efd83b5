package org.ordermesh.platform.logging;

/** Node-wide values every log line carries, set once by the launcher. */
public final class LogFields {

  private static volatile String nodeId = "node";

  private LogFields() {
  }

  public static void nodeId(String id) {
    nodeId = id;
  }

  public static String nodeId() {
    return nodeId;
  }
}
