package org.ordermesh.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordermesh.order.support.OrderSystem.await;
import static org.ordermesh.order.support.OrderSystem.orderBody;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.order.support.OrderSystem;
import org.ordermesh.platform.contract.OpenApi;

/** The limits come from the served document: a limit the code repeated, and got different, fails here. */
@DisplayName("placing an order refuses what the order service's OpenAPI document refuses, and only that")
class PlacementContractTest {

  private static OrderSystem system;
  private static String customer;
  private static String productId;
  private static JsonObject schemas;

  @BeforeAll
  static void start() {
    system = OrderSystem.start(OrderSystem.settings(new JsonObject()));
    customer = system.newCustomer();
    productId = system.product("1.00", 10_000);
    schemas = OpenApi.load(OrderService.NAME).orElseThrow().getJsonObject("components").getJsonObject("schemas");
  }

  @AfterAll
  static void stop() throws Exception {
    system.close();
  }

  private static HttpResponse<Buffer> post(JsonObject body) {
    return await(system.placeOrder(customer, UUID.randomUUID().toString(), body));
  }

  private static void assertRefused(HttpResponse<Buffer> response, String field) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(400);
    assertThat(response.getHeader("content-type")).startsWith("application/problem+json");
    assertThat(response.bodyAsJsonObject().getJsonArray("errors").stream()
      .map(error -> ((JsonObject) error).getString("field"))).contains(field);
  }

  private static JsonObject property(String schema, String name) {
    return schemas.getJsonObject(schema).getJsonObject("properties").getJsonObject(name);
  }

  private static JsonObject item() {
    return property("OrderPlacement", "items").getJsonObject("items");
  }

  @Test
  @DisplayName("each shipping address field one character over its documented maxLength is refused, and at it placed")
  void addressLengths() {
    var address = schemas.getJsonObject("ShippingAddress").getJsonObject("properties");
    address.fieldNames().stream().filter(name -> address.getJsonObject(name).containsKey("maxLength")).forEach(name -> {
      int max = address.getJsonObject(name).getInteger("maxLength");
      var over = orderBody(productId, 1, "tok_visa");
      over.getJsonObject("shippingAddress").put(name, "x".repeat(max + 1));
      var at = orderBody(productId, 1, "tok_visa");
      at.getJsonObject("shippingAddress").put(name, "x".repeat(max));

      assertRefused(post(over), "shippingAddress." + name);
      assertThat(post(at).statusCode()).as(name).isEqualTo(202);
    });
  }

  @Test
  @DisplayName("a quantity over the documented maximum, or under the minimum, is refused; the maximum is placed")
  void quantityBounds() {
    var quantity = item().getJsonObject("properties").getJsonObject("quantity");

    assertRefused(post(orderBody(productId, quantity.getInteger("maximum") + 1, "tok_visa")), "items.0.quantity");
    assertRefused(post(orderBody(productId, quantity.getInteger("minimum") - 1, "tok_visa")), "items.0.quantity");
    assertThat(post(orderBody(productId, quantity.getInteger("maximum"), "tok_visa")).statusCode()).isEqualTo(202);
  }

  @Test
  @DisplayName("more lines than the documented maxItems are refused")
  void tooManyLines() {
    var body = orderBody(productId, 1, "tok_visa");
    var lines = new JsonArray();
    for (int i = 0; i <= property("OrderPlacement", "items").getInteger("maxItems"); i++) {
      lines.add(new JsonObject().put("productId", productId).put("quantity", 1));
    }

    assertRefused(post(body.put("items", lines)), "items");
  }

  @Test
  @DisplayName("an unknown field is refused wherever the document closes the object")
  void closedObjects() {
    assertThat(schemas.getJsonObject("OrderPlacement").getBoolean("additionalProperties")).isFalse();
    assertThat(schemas.getJsonObject("ShippingAddress").getBoolean("additionalProperties")).isFalse();
    assertThat(item().getBoolean("additionalProperties")).isFalse();
    var top = orderBody(productId, 1, "tok_visa").put("coupon", "FREE");
    var inAddress = orderBody(productId, 1, "tok_visa");
    inAddress.getJsonObject("shippingAddress").put("floor", "3");
    var inLine = orderBody(productId, 1, "tok_visa");
    inLine.getJsonArray("items").getJsonObject(0).put("unitPrice", 0);

    assertRefused(post(top), "coupon");
    assertRefused(post(inAddress), "shippingAddress.floor");
    assertRefused(post(inLine), "items.0.unitPrice");
  }

  @Test
  @DisplayName("each field the document requires is named when it is missing")
  void requiredFields() {
    schemas.getJsonObject("OrderPlacement").getJsonArray("required").stream().map(String::valueOf).forEach(name -> {
      var body = orderBody(productId, 1, "tok_visa");
      body.remove(name);

      assertRefused(post(body), name);
    });
  }
}
