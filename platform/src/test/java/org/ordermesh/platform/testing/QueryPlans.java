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
 * reads an index, not the whole collection, sorts in index order where it sorts, and reads the index named
 * where one is named. Against the shared embedded store, or a real MongoDB when {@code MONGO_URI} is set, each
 * test in a database of its own. mongod answers a lookup by {@code _id} alone with its own stages
 * ({@code IDHACK}, {@code EXPRESS_IXSCAN} since 8.0): both read {@code _id_}.
 */
public final class QueryPlans {

  private static final String MONGO_URI = "MONGO_URI";

  private QueryPlans() {
  }

  private static final List<String> ID_LOOKUPS = List.of("IDHACK", "EXPRESS_IXSCAN", "EXPRESS_CLUSTERED_IXSCAN");
  private static final String ID_INDEX = "_id_";

  /**
   * One query as its repository sends it, named for the failure message, with the indexes it may read
   * (any, when empty).
   */
  public record Query(String name, JsonObject explained, List<String> indexes) {

    public Query(String name, JsonObject explained) {
      this(name, explained, List.of());
    }

    /** The same query, asserted to read one of these indexes. */
    public Query reading(String... names) {
      return new Query(name, explained, List.of(names));
    }

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

    /** A findOneAndUpdate (findAndModify), upserting or not: its query is what the plan is of. */
    public static Query findAndModify(String name, String collection, JsonObject filter) {
      return new Query(name, new JsonObject().put("findAndModify", collection).put("query", filter)
          .put("update", new JsonObject().put("$set", new JsonObject().put("touched", true))));
    }

    public static Query delete(String name, String collection, JsonObject filter) {
      return new Query(name, new JsonObject().put("delete", collection).put("deletes", new JsonArray()
          .add(new JsonObject().put("q", filter).put("limit", 0))));
    }
  }

  /** A client on a fresh database of the store the plans are asked of. */
  public static MongoClient client(Vertx vertx) {
    String uri = System.getenv(MONGO_URI);
    return MongoClient.create(vertx, new JsonObject()
        .put("connection_string", uri == null || uri.isBlank() ? SharedInfra.mongoConnectionString() : uri)
        .put("db_name", "plans_" + UUID.randomUUID().toString().replace("-", "")));
  }

  /**
   * Every query reads an index (IXSCAN or mongod's _id lookup, no COLLSCAN), one of those it names if it names
   * any, and none sorts in memory (no SORT stage).
   */
  public static void assertServedByIndexes(MongoClient mongo, List<Query> queries) {
    List<String> failures = new ArrayList<>();
    for (Query query : queries) {
      JsonObject plan = winningPlan(mongo, query);
      List<String> read = new ArrayList<>();
      collectIndexNames(plan, read);
      if (read.isEmpty() || has(plan, "COLLSCAN")) {
        failures.add(query.name() + " reads no index: " + plan.encode());
      } else if (has(plan, "SORT")) {
        failures.add(query.name() + " sorts in memory: " + plan.encode());
      } else if (!query.indexes().isEmpty() && !query.indexes().containsAll(read)) {
        failures.add(query.name() + " reads " + read + ", not " + query.indexes() + ": " + plan.encode());
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
      } else if (object.getValue("stage") instanceof String stage && ID_LOOKUPS.contains(stage)) {
        names.add(object.getString("indexName", ID_INDEX));
      }
      object.forEach(entry -> collectIndexNames(entry.getValue(), names));
    } else if (plan instanceof JsonArray array) {
      array.forEach(element -> collectIndexNames(element, names));
    }
  }
}
