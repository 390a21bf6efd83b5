package org.ordermesh.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordermesh.platform.http.TestApi.problem;
import static org.ordermesh.platform.http.TestApi.type;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("input validation")
class ValidationTest {

  private static TestApi api;

  @BeforeAll
  static void deploy(Vertx vertx) throws Exception {
    api = TestApi.deploy(vertx);
  }

  /** field -> message of an invalid-request problem, after checking its status and type. */
  private static Map<String, String> fieldErrors(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.getHeader("Content-Type")).isEqualTo(ProblemHandler.PROBLEM_JSON);
    JsonObject problem = problem(response);
    assertThat(problem.getString("type")).isEqualTo(type("invalid-request"));
    JsonArray errors = problem.getJsonArray("errors");
    return errors.stream().map(JsonObject.class::cast)
        .collect(Collectors.toMap(e -> e.getString("field"), e -> e.getString("message")));
  }

  @Test
  @DisplayName("a valid body passes the schema untouched")
  void validBody() throws Exception {
    String widget = "{\"name\": \"w\", \"items\": [{\"productId\": \"p1\", \"quantity\": 2}]}";

    HttpResponse<Buffer> response = api.postJson("/api/v1/widgets", widget);

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject(widget));
  }

  @Test
  @DisplayName("each schema violation is a field error at its dotted path")
  void schemaViolations() throws Exception {
    String widget = """
        {"name": "a name far longer than twenty", "extra": true,
         "items": [{"productId": "p1", "quantity": 0}, {"quantity": "two"}]}""";

    Map<String, String> errors = fieldErrors(api.postJson("/api/v1/widgets", widget));

    assertThat(errors).containsOnlyKeys("name", "extra", "items.0.quantity", "items.1.productId", "items.1.quantity");
    assertThat(errors.get("items.1.productId")).isEqualTo("is required");
    assertThat(errors.get("extra")).isEqualTo("is not allowed");
  }

  @Test
  @DisplayName("missing required fields are named")
  void missingFields() throws Exception {
    assertThat(fieldErrors(api.postJson("/api/v1/widgets", "{}"))).containsOnlyKeys("name", "items");
  }

  @Test
  @DisplayName("a key starting with $ is rejected before the schema sees it")
  void operatorKey() throws Exception {
    String widget = "{\"name\": \"w\", \"attributes\": {\"$where\": \"sleep(1000)\"}, \"items\": [{\"productId\": \"p\", \"quantity\": 1}]}";

    assertThat(fieldErrors(api.postJson("/api/v1/widgets", widget))).containsOnlyKeys("attributes.$where");
  }

  @Test
  @DisplayName("a key holding a dot is rejected")
  void dottedKey() throws Exception {
    String widget = "{\"name\": \"w\", \"attributes\": {\"a.b\": 1}, \"items\": [{\"productId\": \"p\", \"quantity\": 1}]}";

    assertThat(fieldErrors(api.postJson("/api/v1/widgets", widget))).containsOnlyKeys("attributes.a.b");
  }

  @Test
  @DisplayName("typed query parameters are read with their defaults")
  void queryParameters() throws Exception {
    HttpResponse<Buffer> response = api.get("/api/v1/search?count=3&price=9.99&category=tools&color=green");

    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject()
        .put("count", 3).put("price", 9.99).put("category", "tools").put("color", "GREEN"));
    assertThat(api.get("/api/v1/search").bodyAsJsonObject().getInteger("count")).isEqualTo(5);
  }

  @Test
  @DisplayName("every bad query parameter is reported in one answer")
  void badQueryParameters() throws Exception {
    HttpResponse<Buffer> response = api.get("/api/v1/search?count=11&price=1.234&category=%24where&color=blue");

    assertThat(fieldErrors(response)).containsOnlyKeys("count", "price", "category", "color");
  }

  @Test
  @DisplayName("a repeated query parameter is an error")
  void repeatedParameter() throws Exception {
    assertThat(fieldErrors(api.get("/api/v1/search?count=1&count=2"))).containsOnlyKeys("count");
  }
}
