package org.ordermesh.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordermesh.catalog.CatalogFixtures.productBody;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("bad input to the catalog answers problem+json with the right status")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

  private static final String PROBLEMS = "https://ordermesh.dev/problems/";

  private CatalogNode node;
  private String productId;

  @BeforeAll
  void start() throws Exception {
    node = CatalogNode.start(new JsonObject(), true);
    productId = CatalogFixtures.productWithStock(node, 2);
  }

  @AfterAll
  void stop() throws Exception {
    node.close();
  }

  private HttpResponse<Buffer> createRaw(String contentType, Buffer body) throws Exception {
    return node.request(HttpMethod.POST, "/api/v1/products").bearerTokenAuthentication(node.adminToken())
        .putHeader("Content-Type", contentType).sendBuffer(body).await(10, TimeUnit.SECONDS);
  }

  private static void assertProblem(HttpResponse<Buffer> response, int status, String type) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(response.bodyAsJsonObject().getString("type")).isEqualTo(PROBLEMS + type);
    assertThat(response.bodyAsJsonObject().getInteger("status")).isEqualTo(status);
  }

  @ParameterizedTest(name = "{0} = {1} is refused with a field error")
  @DisplayName("product fields of the wrong type, range, precision or currency")
  @CsvSource(delimiter = '|', value = {
      "price    | \"cheap\"",
      "price    | -1",
      "price    | 1.234",
      "price    | 100000000",
      "currency | \"JPY\"",
      "currency | \"eur\"",
      "name     | \"   \"",
      "category | \"Has Spaces\"",
      "sku      | 42",
      "attributes | {\"nested\": {\"deep\": 1}}",
      "attributes | {\"$gt\": 1}",
      "attributes | {\"a.b\": 1}"})
  void invalidProductFields(String field, String json) throws Exception {
    JsonObject body = productBody("valid", "valid", "1").put(field, Json.decodeValue(json));

    HttpResponse<Buffer> response = node.send(HttpMethod.POST, "/api/v1/products", node.adminToken(), body);

    assertProblem(response, 400, "invalid-request");
    JsonArray errors = response.bodyAsJsonObject().getJsonArray("errors");
    assertThat(errors.stream().map(e -> ((JsonObject) e).getString("field"))).anyMatch(name -> name.startsWith(field));
  }

  @Test
  @DisplayName("a missing required field and an unknown field are both named")
  void missingAndUnknownFields() throws Exception {
    JsonObject body = productBody("valid", "valid", "1");
    body.remove("sku");
    body.put("colour", "red");

    HttpResponse<Buffer> response = node.send(HttpMethod.POST, "/api/v1/products", node.adminToken(), body);

    assertProblem(response, 400, "invalid-request");
    assertThat(response.bodyAsJsonObject().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")))
        .contains("sku", "colour");
  }

  @Test
  @DisplayName("malformed JSON is 400, a body that is not JSON 415, a 1 MiB body 413")
  void malformedWrongTypeAndTooLarge() throws Exception {
    assertProblem(createRaw("application/json", Buffer.buffer("{\"name\": ")), 400, "malformed-json");
    assertProblem(createRaw("text/plain", Buffer.buffer("name=lamp")), 415, "unsupported-media-type");
    assertProblem(createRaw("application/json", Buffer.buffer(new byte[1024 * 1024])), 413, "payload-too-large");
  }

  @ParameterizedTest(name = "GET /api/v1/products?{0} is 400")
  @DisplayName("list parameters of the wrong type or range")
  @CsvSource({"limit=0", "limit=101", "limit=ten", "minPrice=-1", "maxPrice=1.001", "sort=cheapest",
      "category=%24ne", "cursor=forged.cursor", "q=%20%20", "limit=5&limit=6"})
  void invalidListParameters(String query) throws Exception {
    assertProblem(node.get("/api/v1/products?" + query), 400, "invalid-request");
  }

  @Test
  @DisplayName("a cursor made for one sort is refused by another")
  void cursorOfAnotherSort() throws Exception {
    CatalogFixtures.productWithStock(node, 0);
    String next = node.get("/api/v1/products?limit=1&sort=price").bodyAsJsonObject().getString("nextCursor");

    assertProblem(node.get("/api/v1/products?sort=name&cursor=" + next), 400, "invalid-request");
  }

  @ParameterizedTest(name = "adjustment {0} is 400")
  @DisplayName("stock adjustments of the wrong type or range")
  @CsvSource(delimiter = '|', value = {
      "{\"delta\": 0, \"reason\": \"none\"}",
      "{\"delta\": \"5\", \"reason\": \"text\"}",
      "{\"delta\": 1.5, \"reason\": \"fraction\"}",
      "{\"delta\": 2000000, \"reason\": \"too many\"}",
      "{\"delta\": 5}",
      "{\"delta\": 5, \"reason\": \"ok\", \"$set\": {\"available\": 9}}"})
  void invalidAdjustments(String json) throws Exception {
    HttpResponse<Buffer> response = node.send(HttpMethod.POST, "/api/v1/inventory/" + productId + "/adjustments",
        node.adminToken(), new JsonObject(json));

    assertProblem(response, 400, "invalid-request");
  }

  @Test
  @DisplayName("an adjustment that would take stock below zero is 409, and stock is unchanged")
  void stockNeverBelowZero() throws Exception {
    HttpResponse<Buffer> response = node.send(HttpMethod.POST, "/api/v1/inventory/" + productId + "/adjustments",
        node.adminToken(), new JsonObject().put("delta", -3).put("reason", "breakage"));

    assertProblem(response, 409, "insufficient-stock");
    assertThat(CatalogFixtures.stock(node, productId).getLong("available")).isEqualTo(2);
  }

  @ParameterizedTest(name = "snapshots of {0} are 400")
  @DisplayName("snapshot requests without a proper list of ids")
  @CsvSource(delimiter = '|', value = {"{}", "{\"ids\": []}", "{\"ids\": \"a,b\"}", "{\"ids\": [\"$where\"]}", "{\"ids\": [7]}"})
  void invalidSnapshotRequests(String json) throws Exception {
    assertProblem(node.send(HttpMethod.POST, "/api/v1/products/snapshots", null, new JsonObject(json)), 400, "invalid-request");
  }

  @Test
  @DisplayName("unknown products are 404 for reads, writes and stock")
  void unknownProducts() throws Exception {
    assertProblem(node.get("/api/v1/products/nope"), 404, "not-found");
    assertProblem(node.send(HttpMethod.GET, "/api/v1/inventory/nope", node.adminToken(), null), 404, "not-found");
    assertProblem(node.send(HttpMethod.DELETE, "/api/v1/products/nope", node.adminToken(), null), 404, "not-found");
  }
}
