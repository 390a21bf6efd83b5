package org.ordermesh.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordermesh.catalog.CatalogFixtures.createProduct;
import static org.ordermesh.catalog.CatalogFixtures.productBody;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.ordermesh.catalog.product.ProductRepository;
import org.ordermesh.platform.testing.Await;

@DisplayName("the products API")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProductApiTest {

  private CatalogNode node;

  @BeforeAll
  void start() throws Exception {
    node = CatalogNode.start(new JsonObject(), true);
  }

  @AfterAll
  void stop() throws Exception {
    node.close();
  }

  private HttpResponse<Buffer> asAdmin(HttpMethod method, String uri, JsonObject body) throws Exception {
    return node.send(method, uri, node.adminToken(), body);
  }

  private HttpResponse<Buffer> put(String id, String ifMatch, JsonObject body) throws Exception {
    var request = node.request(HttpMethod.PUT, "/api/v1/products/" + id).bearerTokenAuthentication(node.adminToken());
    if (ifMatch != null) {
      request.putHeader("If-Match", ifMatch);
    }
    return request.sendJsonObject(body).await(10, TimeUnit.SECONDS);
  }

  @Nested
  @DisplayName("writing")
  class Writing {

    @Test
    @DisplayName("an admin creates a product: 201, Location, ETag and the exact price")
    void createsProducts() throws Exception {
      HttpResponse<Buffer> created = asAdmin(HttpMethod.POST, "/api/v1/products", productBody("lamp", "lighting", "19.99"));

      JsonObject product = created.bodyAsJsonObject();
      assertThat(created.statusCode()).isEqualTo(201);
      assertThat(created.getHeader("Location")).isEqualTo("/api/v1/products/" + product.getString("id"));
      assertThat(created.getHeader("ETag")).isEqualTo("\"1\"");
      assertThat(created.bodyAsString()).contains("\"price\":19.99");
      assertThat(product.getString("currency")).isEqualTo("EUR");
      assertThat(product.getJsonObject("attributes")).isEqualTo(new JsonObject().put("colour", "blue"));
    }

    @Test
    @DisplayName("PUT needs If-Match: 428 without it, 412 when stale, 200 with a new ETag when current")
    void replaceNeedsIfMatch() throws Exception {
      String id = createProduct(node, productBody("chair", "furniture", "49.00")).getString("id");
      JsonObject change = productBody("armchair", "furniture", "79.50");

      HttpResponse<Buffer> missing = put(id, null, change);
      HttpResponse<Buffer> stale = put(id, "\"7\"", change);
      HttpResponse<Buffer> current = put(id, "\"1\"", change);
      HttpResponse<Buffer> replayed = put(id, "\"1\"", change);

      assertThat(missing.statusCode()).isEqualTo(428);
      assertThat(missing.getHeader("Content-Type")).isEqualTo("application/problem+json");
      assertThat(stale.statusCode()).isEqualTo(412);
      assertThat(current.statusCode()).isEqualTo(200);
      assertThat(current.getHeader("ETag")).isEqualTo("\"2\"");
      assertThat(current.bodyAsJsonObject().getString("name")).isEqualTo("armchair");
      assertThat(replayed.statusCode()).isEqualTo(412);
      assertThat(replayed.getHeader("ETag")).isEqualTo("\"2\"");
      assertThat(price(node.get("/api/v1/products/" + id).bodyAsJsonObject())).isEqualByComparingTo("79.50");
    }

    @Test
    @DisplayName("a SKU belongs to one product: a second product with it gets 409")
    void skuIsUnique() throws Exception {
      JsonObject body = productBody("desk", "furniture", "120");
      createProduct(node, body);

      HttpResponse<Buffer> duplicate = asAdmin(HttpMethod.POST, "/api/v1/products", body.copy().put("name", "other desk"));

      assertThat(duplicate.statusCode()).isEqualTo(409);
      assertThat(duplicate.bodyAsJsonObject().getString("type")).endsWith("/sku-taken");
    }

    @Test
    @DisplayName("a deleted product is gone from reads and lists but keeps answering snapshots as unavailable")
    void softDelete() throws Exception {
      String category = "gone-" + UUID.randomUUID().toString().substring(0, 6);
      String id = createProduct(node, productBody("vase", category, "15")).getString("id");

      assertThat(asAdmin(HttpMethod.DELETE, "/api/v1/products/" + id, null).statusCode()).isEqualTo(204);

      assertThat(node.get("/api/v1/products/" + id).statusCode()).isEqualTo(404);
      assertThat(node.get("/api/v1/products?category=" + category).bodyAsJsonObject().getJsonArray("items")).isEmpty();
      JsonObject snapshots = node.send(HttpMethod.POST, "/api/v1/products/snapshots", null,
          new JsonObject().put("ids", new JsonArray().add(id))).bodyAsJsonObject();
      assertThat(snapshots.getJsonArray("products").getJsonObject(0).getBoolean("available")).isFalse();
      assertThat(asAdmin(HttpMethod.DELETE, "/api/v1/products/" + id, null).statusCode()).isEqualTo(404);
    }
  }

  @Nested
  @DisplayName("reading")
  class Reading {

    @Test
    @DisplayName("GET answers an ETag and 304 to If-None-Match with it")
    void etags() throws Exception {
      String id = createProduct(node, productBody("rug", "textiles", "60")).getString("id");

      HttpResponse<Buffer> first = node.get("/api/v1/products/" + id);
      HttpResponse<Buffer> again = node.request(HttpMethod.GET, "/api/v1/products/" + id)
          .putHeader("If-None-Match", first.getHeader("ETag")).send().await(10, TimeUnit.SECONDS);

      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.getHeader("ETag")).isEqualTo("\"1\"");
      assertThat(again.statusCode()).isEqualTo(304);
      assertThat(again.body()).isNull();
    }

    @Test
    @DisplayName("a change written by another node is served within a moment")
    void cacheFollowsOtherNodes() throws Exception {
      String id = createProduct(node, productBody("stool", "furniture", "30")).getString("id");
      node.get("/api/v1/products/" + id);

      // what another node's catalog does: write to the store, with no word on this node's event bus
      node.mongo().updateCollection(ProductRepository.COLLECTION, new JsonObject().put("_id", id).put("version", 1),
          new JsonObject().put("$set", new JsonObject().put("name", "bar stool")).put("$inc", new JsonObject().put("version", 1)))
          .await(10, TimeUnit.SECONDS);

      Await.until(Duration.ofSeconds(30), () -> {
        try {
          return "bar stool".equals(node.get("/api/v1/products/" + id).bodyAsJsonObject().getString("name"));
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      });
    }

    @Test
    @DisplayName("snapshots over HTTP give price and currency for many ids at once, unknown ids apart")
    void snapshots() throws Exception {
      String id = createProduct(node, productBody("clock", "decor", "12.30")).getString("id");

      HttpResponse<Buffer> response = node.send(HttpMethod.POST, "/api/v1/products/snapshots", null,
          new JsonObject().put("ids", new JsonArray().add(id).add("nope")));

      assertThat(response.statusCode()).isEqualTo(200);
      JsonObject snapshot = response.bodyAsJsonObject().getJsonArray("products").getJsonObject(0);
      assertThat(price(snapshot)).isEqualByComparingTo("12.30");
      assertThat(snapshot.getString("currency")).isEqualTo("EUR");
      assertThat(response.bodyAsJsonObject().getJsonArray("missing")).containsExactly("nope");
    }
  }

  @Nested
  @DisplayName("access")
  class Access {

    @Test
    @DisplayName("a customer gets 403 on every admin route, and no token gets 401 with a Bearer challenge")
    void adminRoutesNeedTheAdminRole() throws Exception {
      String id = createProduct(node, productBody("shelf", "furniture", "45")).getString("id");
      List<String> routes = List.of("POST /api/v1/products", "PUT /api/v1/products/" + id, "DELETE /api/v1/products/" + id,
          "GET /api/v1/inventory/" + id, "POST /api/v1/inventory/" + id + "/adjustments", "GET /api/v1/reports/inventory");

      for (String route : routes) {
        HttpMethod method = HttpMethod.valueOf(route.split(" ")[0]);
        String uri = route.split(" ")[1];
        JsonObject body = method == HttpMethod.GET || method == HttpMethod.DELETE ? null : new JsonObject();
        HttpResponse<Buffer> customer = node.send(method, uri, node.customerToken(), body);
        HttpResponse<Buffer> anonymous = node.send(method, uri, null, body);

        assertThat(customer.statusCode()).as(route).isEqualTo(403);
        assertThat(customer.getHeader("Content-Type")).isEqualTo("application/problem+json");
        assertThat(anonymous.statusCode()).as(route).isEqualTo(401);
        assertThat(anonymous.getHeader("WWW-Authenticate")).startsWith("Bearer");
      }
    }
  }

  @Nested
  @DisplayName("lists")
  class Lists {

    private List<JsonObject> items(String uri) throws Exception {
      HttpResponse<Buffer> page = node.get(uri);
      assertThat(page.statusCode()).as(page.bodyAsString()).isEqualTo(200);
      return page.bodyAsJsonObject().getJsonArray("items").stream().map(JsonObject.class::cast).toList();
    }

    private List<String> names(String uri) throws Exception {
      return items(uri).stream().map(item -> item.getString("name")).toList();
    }

    @Test
    @DisplayName("filter by category, words of the name or description, and price range; sort by price, name or newest")
    void filtersAndSorts() throws Exception {
      String category = "cat-" + UUID.randomUUID().toString().substring(0, 6);
      createProduct(node, productBody("Red kettle", category, "30"));
      createProduct(node, productBody("Blue kettle", category, "25.50"));
      createProduct(node, productBody("Red mug", category, "8"));
      String base = "/api/v1/products?category=" + category;

      assertThat(names(base + "&sort=price")).containsExactly("Red mug", "Blue kettle", "Red kettle");
      assertThat(names(base + "&sort=price_desc")).containsExactly("Red kettle", "Blue kettle", "Red mug");
      assertThat(names(base + "&sort=name")).containsExactly("Blue kettle", "Red kettle", "Red mug");
      assertThat(names(base + "&sort=newest")).containsExactly("Red mug", "Blue kettle", "Red kettle");
      assertThat(names(base + "&q=kettle&sort=name")).containsExactly("Blue kettle", "Red kettle");
      assertThat(names(base + "&q=red%20KETTLE")).containsExactly("Red kettle");
      assertThat(names(base + "&minPrice=9&maxPrice=29.99&sort=price")).containsExactly("Blue kettle");
      assertThat(names("/api/v1/products?q=" + category.substring(4) + "x")).isEmpty();
    }

    @Test
    @DisplayName("cursor pages visit every product once, in order, while products are being added")
    void cursorPagesAreStableUnderInserts() throws Exception {
      String category = "page-" + UUID.randomUUID().toString().substring(0, 6);
      List<String> original = new ArrayList<>();
      for (int i = 0; i < 23; i++) {
        original.add(createProduct(node, productBody("item " + i, category, (i % 5) + ".25")).getString("id"));
      }

      List<JsonObject> visited = new ArrayList<>();
      String uri = "/api/v1/products?category=" + category + "&sort=price&limit=5";
      int added = 0;
      while (uri != null) {
        HttpResponse<Buffer> page = node.get(uri);
        page.bodyAsJsonObject().getJsonArray("items").forEach(item -> visited.add((JsonObject) item));
        createProduct(node, productBody("added " + added++, category, (added % 7) + ".10"));
        String link = page.getHeader("Link");
        uri = link == null ? null : link.substring(1, link.indexOf('>'));
      }

      List<String> ids = visited.stream().map(item -> item.getString("id")).toList();
      assertThat(ids).doesNotHaveDuplicates().containsAll(original);
      assertThat(visited).isSortedAccordingTo((a, b) -> {
        int byPrice = price(a).compareTo(price(b));
        return byPrice != 0 ? byPrice : a.getString("id").compareTo(b.getString("id"));
      });
    }
  }

  private static BigDecimal price(JsonObject product) {
    return new BigDecimal(product.getValue("price").toString());
  }

  @Test
  @DisplayName("the inventory report sums stock value by category and lists low stock")
  void inventoryReport() throws Exception {
    String category = "report-" + UUID.randomUUID().toString().substring(0, 6);
    String id = createProduct(node, productBody("lantern", category, "12.50")).getString("id");
    asAdmin(HttpMethod.POST, "/api/v1/inventory/" + id + "/adjustments", new JsonObject().put("delta", 4).put("reason", "delivery"));

    JsonObject report = asAdmin(HttpMethod.GET, "/api/v1/reports/inventory?lowStock=5", null).bodyAsJsonObject();

    JsonObject row = report.getJsonArray("categories").stream().map(JsonObject.class::cast)
        .filter(r -> category.equals(r.getString("category"))).findFirst().orElseThrow();
    assertThat(new BigDecimal(row.getValue("stockValue").toString())).isEqualByComparingTo("50.00");
    assertThat(row.getLong("available")).isEqualTo(4);
    assertThat(report.getJsonArray("lowStock").stream().map(JsonObject.class::cast).map(r -> r.getString("productId")))
        .contains(id);
  }
}
