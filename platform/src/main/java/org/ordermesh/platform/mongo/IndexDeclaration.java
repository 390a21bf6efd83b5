package org.ordermesh.platform.mongo;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.IndexOptions;

import java.util.concurrent.TimeUnit;

/** One index a repository needs, created at start-up. */
public record IndexDeclaration(String name, JsonObject keys, IndexOptions options) {

  public static IndexDeclaration of(String name, JsonObject keys) {
    return new IndexDeclaration(name, keys, new IndexOptions().name(name));
  }

  public static IndexDeclaration unique(String name, JsonObject keys) {
    return new IndexDeclaration(name, keys, new IndexOptions().name(name).unique(true));
  }

  /** Unique on {@code (_id, version)}; a conditional update on those fields needs none: {@code _id_} finds its document. */
  public static IndexDeclaration idAndVersion(String name) {
    return unique(name, new JsonObject().put("_id", 1).put("version", 1));
  }

  /** Documents expire {@code after} the time held in {@code field}: a TTL index, which the embedded store honours too. */
  public static IndexDeclaration expiring(String name, String field, long after, TimeUnit unit) {
    return new IndexDeclaration(name, new JsonObject().put(field, 1),
      new IndexOptions().name(name).expireAfter(after, unit));
  }
}
