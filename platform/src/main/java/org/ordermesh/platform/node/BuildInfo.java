package org.ordermesh.platform.node;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version and git commit this node was built from, as the build wrote them into the platform jar. */
public record BuildInfo(String version, String commit) {

  private static final String RESOURCE = "/org/ordermesh/platform/build-info.properties";
  private static final BuildInfo CURRENT = read();

  public static BuildInfo current() {
    return CURRENT;
  }

  /** The {@code GET /info} body: version, commit and the node that answers. */
  public JsonObject toJson(String nodeId) {
    return new JsonObject().put("version", version).put("commit", commit).put("node", nodeId);
  }

  private static BuildInfo read() {
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing: the platform jar was not built by Maven");
      }
      var properties = new Properties();
      properties.load(in);
      return new BuildInfo(properties.getProperty("version"), properties.getProperty("commit"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
