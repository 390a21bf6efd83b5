package org.ordermesh.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ordermesh.embedded.SharedInfra;

@ExtendWith(VertxExtension.class)
@DisplayName("cursor pagination over Mongo")
class CursorPaginationTest {

  private static TestApi api;
  private static MongoClient mongo;

  @BeforeAll
  static void deploy(Vertx vertx) throws Exception {
    api = TestApi.deploy(vertx);
    mongo = MongoClient.create(vertx, new JsonObject()
        .put("connection_string", SharedInfra.mongoConnectionString()).put("db_name", TestApi.DATABASE));
  }

  @AfterAll
  static void close() throws Exception {
    mongo.close().await(10, TimeUnit.SECONDS);
  }

  /** 45 widgets w-00..w-44, three per rank, so ties on the sort field are broken by _id. */
  @BeforeEach
  void seed() throws Exception {
    mongo.removeDocuments(TestApiVerticle.WIDGETS, new JsonObject()).await(10, TimeUnit.SECONDS);
    insert(IntStream.range(0, 45).mapToObj(i -> widget("w-%02d".formatted(i), i / 3)).toList());
  }

  private static JsonObject widget(String id, int rank) {
    return new JsonObject().put("_id", id).put("rank", rank);
  }

  private static void insert(List<JsonObject> widgets) throws Exception {
    Future.all(widgets.stream().map(w -> mongo.insert(TestApiVerticle.WIDGETS, w)).toList()).await(10, TimeUnit.SECONDS);
  }

  private static List<String> ids(HttpResponse<Buffer> page) {
    return page.bodyAsJsonObject().getJsonArray("items").stream()
        .map(item -> ((JsonObject) item).getString("_id")).toList();
  }

  private static String nextUri(HttpResponse<Buffer> page) {
    String link = page.getHeader("Link");
    if (link == null) {
      return null;
    }
    assertThat(link).endsWith(">; rel=\"next\"");
    return link.substring(1, link.indexOf('>'));
  }

  @Test
  @DisplayName("visits every document exactly once, in (rank, _id) order, with a Link to each next page")
  void visitsEachDocumentOnce() throws Exception {
    List<String> visited = new ArrayList<>();
    List<Integer> pageSizes = new ArrayList<>();
    String uri = "/api/v1/widgets?limit=10";
    while (uri != null) {
      HttpResponse<Buffer> page = api.get(uri);
      assertThat(page.statusCode()).isEqualTo(200);
      visited.addAll(ids(page));
      pageSizes.add(ids(page).size());
      uri = nextUri(page);
      assertThat(page.bodyAsJsonObject().getString("nextCursor")).isEqualTo(uri == null ? null : cursorOf(uri));
    }

    assertThat(pageSizes).containsExactly(10, 10, 10, 10, 5);
    assertThat(visited).isEqualTo(IntStream.range(0, 45).mapToObj("w-%02d"::formatted).toList());
  }

  @Test
  @DisplayName("shows documents inserted after the cursor and skips nothing when documents land before it")
  void stableUnderInserts() throws Exception {
    List<JsonObject> visited = new ArrayList<>();
    HttpResponse<Buffer> first = api.get("/api/v1/widgets?limit=10");
    first.bodyAsJsonObject().getJsonArray("items").forEach(item -> visited.add((JsonObject) item));
    // the first page ends at (rank 3, w-09)
    insert(List.of(widget("early", -1), widget("w-05a", 3), widget("w-09a", 3), widget("late", 99)));

    String uri = nextUri(first);
    while (uri != null) {
      HttpResponse<Buffer> page = api.get(uri);
      page.bodyAsJsonObject().getJsonArray("items").forEach(item -> visited.add((JsonObject) item));
      insert(List.of(widget("before-" + visited.size(), 0)));
      uri = nextUri(page);
    }

    List<String> ids = visited.stream().map(w -> w.getString("_id")).toList();
    assertThat(ids).doesNotHaveDuplicates()
        .contains("w-09a", "late")
        .doesNotContain("early", "w-05a")
        .containsAll(IntStream.range(0, 45).mapToObj("w-%02d"::formatted).toList())
        .hasSize(47);
    assertThat(visited).isSortedAccordingTo(
        Comparator.<JsonObject>comparingInt(w -> w.getInteger("rank")).thenComparing(w -> w.getString("_id")));
  }

  @Test
  @DisplayName("the next link keeps the other query parameters")
  void linkKeepsParameters() throws Exception {
    String next = nextUri(api.get("/api/v1/widgets?limit=10&color=red"));

    assertThat(next).startsWith("/api/v1/widgets?limit=10&color=red&cursor=");
  }

  @Test
  @DisplayName("a limit outside 1..100 and a tampered cursor are 400s naming both parameters")
  void rejectsBadLimitAndCursor() throws Exception {
    String cursor = cursorOf(nextUri(api.get("/api/v1/widgets?limit=10")));
    String tampered = (cursor.charAt(0) == 'e' ? 'f' : 'e') + cursor.substring(1);

    for (String limit : List.of("0", "101", "ten")) {
      assertThat(api.get("/api/v1/widgets?limit=" + limit).statusCode()).isEqualTo(400);
    }
    HttpResponse<Buffer> response = api.get("/api/v1/widgets?limit=0&cursor=" + tampered);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.bodyAsJsonObject().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")))
        .containsExactlyInAnyOrder("limit", "cursor");
    assertThat(api.get("/api/v1/widgets?cursor=not-a-cursor").statusCode()).isEqualTo(400);
  }

  @Test
  @DisplayName("a correctly signed cursor carrying a query operator is a 400 problem and reaches no query")
  void rejectsSignedOperatorCursor() throws Exception {
    byte[] payload = "{\"f\":\"rank\",\"t\":\"number\",\"v\":{\"$exists\":true},\"id\":\"\"}".getBytes();
    String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(payload) + "."
        + Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(TestApiVerticle.CURSOR_SECRET, payload));

    HttpResponse<Buffer> response = api.get("/api/v1/widgets?cursor=" + forged);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(response.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("cursor");
  }

  // what someone holding the key could sign
  private static byte[] hmac(String secret, byte[] payload) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return mac.doFinal(payload);
  }

  private static String cursorOf(String uri) {
    return uri.substring(uri.indexOf("cursor=") + "cursor=".length());
  }
}
