package org.ordermesh.embedded;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Reads an explain answer: whether its winning plan reads an index rather than scanning the collection. */
final class Explained {

  private Explained() {
  }

  static boolean usesIndex(JsonObject explain) {
    JsonObject plan = explain.getJsonObject("queryPlanner").getJsonObject("winningPlan");
    return has(plan, "IXSCAN") && !has(plan, "COLLSCAN");
  }

  static boolean has(Object plan, String stage) {
    if (plan instanceof JsonObject object) {
      return stage.equals(object.getValue("stage")) || object.stream().anyMatch(entry -> has(entry.getValue(), stage));
    }
    if (plan instanceof JsonArray array) {
      return array.stream().anyMatch(element -> has(element, stage));
    }
    return false;
  }
}
