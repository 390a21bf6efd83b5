package org.ordermesh.platform.testing;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import org.ordermesh.embedded.SharedInfra;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Asks the store how it would run a repository's queries ({@code explain}, queryPlanner) and asserts that each
 * reads an index, not the whole collection, and sorts in index order where it sorts. Against the shared
 * embedded store, or a real MongoDB when {@code MONGO_URI} is set, each test in a database of its own.
 */
public final class QueryPlans {

  private static final String MONGO_URI = "MONGO_URI";

  private QueryPlans() {
  }

  /** One query as its repository sends it, named for the failure message. */
  public record Query(String name, JsonObject explained) {

    public static Query find(String name, String collection, JsonObject filter, FindOptions options) {
      JsonObject find = new JsonObject().put("find", collection).put("filter", filter);
      if (options.getSort() != null && !options.getSort().isEmpty()) {
        find.put("sort", options.getSort());
      }
      if (options.getLimit() > 0) {
        find.put("limit", options.getLimit());
      }
      return new Query(name, find);
    }

    public static Query aggregate(String name, String collection, JsonArray pipeline) {
      return new Query(name, new JsonObject().put("aggregate", collection).put("pipeline", pipeline).put("cursor", new JsonObject()));
    }

    public static Query update(String name, String collection, JsonObject filter) {
      return new Query(name, new JsonObject().put("update", collection).put("updates", new JsonArray()
          .add(new JsonObject().put("q", filter).put("u", new JsonObject().put("$set", new JsonObject().put("touched", true))))));
    }
  }

  /** A client on a fresh database of the store the plans are asked of. */
  public static MongoClient client(Vertx vertx) {
    String uri = System.getenv(MONGO_URI);
    return MongoClient.create(vertx, new JsonObject()
        .put("connection_string", uri == null || uri.isBlank() ? SharedInfra.mongoConnectionString() : uri)
        .put("db_name", "plans_" + UUID.randomUUID().toString().replace("-", "")));
  }

  /** Every query reads an index (IXSCAN, no COLLSCAN), and none sorts in memory (no SORT stage). */
  public static void assertServedByIndexes(MongoClient mongo, List<Query> queries) {
    List<String> failures = new ArrayList<>();
    for (Query query : queries) {
      JsonObject plan = winningPlan(mongo, query);
      if (!has(plan, "IXSCAN") || has(plan, "COLLSCAN")) {
        failures.add(query.name() + " reads no index: " + plan.encode());
      } else if (has(plan, "SORT")) {
        failures.add(query.name() + " sorts in memory: " + plan.encode());
      }
    }
    assertThat(failures).as("queries not served by an index").isEmpty();
  }

  /** The names of the indexes the plan reads. */
  public static List<String> indexNames(MongoClient mongo, Query query) {
    List<String> names = new ArrayList<>();
    collectIndexNames(winningPlan(mongo, query), names);
    return names;
  }

  private static JsonObject winningPlan(MongoClient mongo, Query query) {
    try {
      JsonObject explain = mongo.runCommand("explain", new JsonObject().put("explain", query.explained())
          .put("verbosity", "queryPlanner")).await(30, TimeUnit.SECONDS);
      // an aggregation on mongod may answer per stage, its query under the first stage's $cursor
      return explain.containsKey("queryPlanner") ? explain.getJsonObject("queryPlanner").getJsonObject("winningPlan") : explain;
    } catch (Exception e) {
      throw new AssertionError("explain of " + query.name() + " failed", e);
    }
  }

  private static boolean has(Object plan, String stage) {
    if (plan instanceof JsonObject object) {
      return stage.equals(object.getValue("stage")) || object.stream().anyMatch(entry -> has(entry.getValue(), stage));
    }
    if (plan instanceof JsonArray array) {
      return array.stream().anyMatch(element -> has(element, stage));
    }
    return false;
  }

  private static void collectIndexNames(Object plan, List<String> names) {
    if (plan instanceof JsonObject object) {
      if ("IXSCAN".equals(object.getValue("stage"))) {
        names.add(object.getString("indexName"));
      }
      object.forEach(entry -> collectIndexNames(entry.getValue(), names));
    } else if (plan instanceof JsonArray array) {
      array.forEach(element -> collectIndexNames(element, names));
    }
  }
}
