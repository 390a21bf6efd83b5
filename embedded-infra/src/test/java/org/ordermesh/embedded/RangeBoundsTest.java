package org.ordermesh.embedded;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A range reads only the values of its bound's type, as mongod's type-bracketed bounds do: a {@code $lt} on a date
 * does not start at the index's first entry, where every document lacking the field sits (the TTL monitor's query
 * on a field most documents never get read them all).
 */
@ExtendWith(VertxExtension.class)
class RangeBoundsTest {

  private static final String COLLECTION = "payments";
  private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

  private EmbeddedMongo mongo;
  private MongoClient client;

  @BeforeEach
  void start(Vertx vertx) {
    mongo = EmbeddedMongo.startInMemory("127.0.0.1", 0);
    client = MongoClient.create(vertx, new JsonObject().put("connection_string", mongo.connectionString()).put("db_name", "payment"));
    Future<?> done = client.createIndex(COLLECTION, new JsonObject().put("compensatedAt", 1))
        .compose(v -> client.createIndex(COLLECTION, new JsonObject().put("amount", 1)))
        .compose(v -> client.createIndex(COLLECTION, new JsonObject().put("reference", 1)));
    for (int i = 0; i < 20; i++) {
      JsonObject payment = new JsonObject().put("_id", "pay-" + i);
      if (i % 4 == 0) {
        payment.put("compensatedAt", date(i)).put("amount", i * 100).put("reference", "ref-" + i);
      } else if (i % 4 == 1) {
        // the wrong type for each field: a range on the others' type must neither read nor match it
        payment.put("compensatedAt", "yesterday").put("amount", "much").put("reference", i);
      }
      done = done.compose(v -> client.insert(COLLECTION, payment));
    }
    Await.result(done);
  }

  @AfterEach
  void stop() {
    Await.result(client.close());
    mongo.close();
  }

  @Test
  @DisplayName("a range below a date, a number or a string starts at its type's lowest value, not at the documents lacking the field")
  void rangeBelowStartsAtItsType() {
    assertThat(lowerBound(new JsonObject().put("compensatedAt", new JsonObject().put("$lt", date(10))), "compensatedAt"))
        .isNotEqualTo("MinKey").isEqualTo(Instant.ofEpochMilli(Long.MIN_VALUE).toString());
    assertThat(lowerBound(new JsonObject().put("amount", new JsonObject().put("$lte", 800)), "amount")).isEqualTo("-Infinity");
    assertThat(lowerBound(new JsonObject().put("reference", new JsonObject().put("$lt", "ref-9")), "reference")).isEqualTo("\"\"");

    assertThat(ids(new JsonObject().put("compensatedAt", new JsonObject().put("$lt", date(10))))).containsExactly("pay-0", "pay-4", "pay-8");
    assertThat(ids(new JsonObject().put("amount", new JsonObject().put("$lte", 800)))).containsExactly("pay-0", "pay-4", "pay-8");
    assertThat(ids(new JsonObject().put("reference", new JsonObject().put("$lt", "ref-9")))).containsExactly("pay-0", "pay-12", "pay-16", "pay-4", "pay-8");
  }

  @Test
  @DisplayName("a range above a date ends at the latest date, and matches dates only")
  void rangeAboveADateEndsAtDates() {
    JsonObject query = new JsonObject().put("compensatedAt", new JsonObject().put("$gte", date(8)));

    assertThat(bounds(query, "compensatedAt")).containsExactly(
        "[" + date(8).getString("$date").replace(".000", "") + ", " + Instant.ofEpochMilli(Long.MAX_VALUE) + "]");
    assertThat(ids(query)).containsExactly("pay-8", "pay-12", "pay-16");
  }

  private List<String> ids(JsonObject query) {
    return Await.result(client.find(COLLECTION, query)).stream().map(payment -> payment.getString("_id")).toList();
  }

  private String lowerBound(JsonObject query, String field) {
    String interval = bounds(query, field).get(0);
    return interval.substring(1, interval.indexOf(", "));
  }

  private List<String> bounds(JsonObject query, String field) {
    JsonObject explained = Await.result(client.runCommand("explain", new JsonObject()
        .put("explain", new JsonObject().put("find", COLLECTION).put("filter", query))));
    JsonObject scan = explained.getJsonObject("queryPlanner").getJsonObject("winningPlan").getJsonObject("inputStage");
    assertThat(scan.getString("stage")).isEqualTo("IXSCAN");
    JsonArray intervals = scan.getJsonObject("indexBounds").getJsonArray(field);
    return intervals.stream().map(String::valueOf).toList();
  }

  private static JsonObject date(int day) {
    return new JsonObject().put("$date", EPOCH.plusSeconds(day * 86_400L).toString());
  }
}
