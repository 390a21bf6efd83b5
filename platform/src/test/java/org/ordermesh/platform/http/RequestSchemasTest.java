package org.ordermesh.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContractException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.platform.contract.OpenApi;

@DisplayName("request schemas read from an OpenAPI document")
class RequestSchemasTest {

  private static final JsonObject WIDGET = new JsonObject("""
      {"name": "a twelve-char", "items": [{"productId": "p1", "quantity": 3}]}""");

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private RequestSchemas schemas(JsonObject document) throws Exception {
    return RequestSchemas.of(vertx, document).await(30, TimeUnit.SECONDS);
  }

  private static JsonObject document() {
    return OpenApi.load("widgets").orElseThrow();
  }

  private static JsonObject widgetSchema(JsonObject document) {
    return document.getJsonObject("components").getJsonObject("schemas").getJsonObject("Widget");
  }

  private static String refusedField(RequestSchemas schemas, JsonObject body) {
    try {
      schemas.validate("createWidget", body);
      return null;
    } catch (ApiException e) {
      assertThat(e.status()).isEqualTo(400);
      return e.errors().get(0).field();
    }
  }

  @Test
  @DisplayName("a constraint changed in the document changes what is refused, with nothing to change in code")
  void followsTheDocument() throws Exception {
    var tightened = document();
    widgetSchema(tightened).getJsonObject("properties").getJsonObject("name").put("maxLength", 5);
    var loosened = document();
    widgetSchema(loosened).getJsonArray("required").remove("items");
    var closedItems = document();
    closedItems.getJsonObject("components").getJsonObject("schemas").getJsonObject("Item").put("additionalProperties", false);
    var extraInItem = WIDGET.copy();
    extraInItem.getJsonArray("items").getJsonObject(0).put("colour", "red");

    assertThat(refusedField(schemas(document()), WIDGET)).isNull();
    assertThat(refusedField(schemas(tightened), WIDGET)).isEqualTo("name");
    assertThat(refusedField(schemas(document()), new JsonObject().put("name", "w"))).isEqualTo("items");
    assertThat(refusedField(schemas(loosened), new JsonObject().put("name", "w"))).isNull();
    assertThat(refusedField(schemas(document()), extraInItem)).isNull();
    assertThat(refusedField(schemas(closedItems), extraInItem)).isEqualTo("items.0.colour");
  }

  @Test
  @DisplayName("leaves the document it was given as it was")
  void doesNotTouchTheDocument() throws Exception {
    var document = document();

    schemas(document);

    assertThat(document).isEqualTo(document());
  }

  @Test
  @DisplayName("refuses a document whose form body has another schema than its JSON body")
  void formBodyNeedsTheJsonSchema() {
    var document = document();
    var content = document.getJsonObject("paths").getJsonObject("/api/v1/widgets").getJsonObject("post")
        .getJsonObject("requestBody").getJsonObject("content");
    content.put("application/x-www-form-urlencoded", new JsonObject().put("schema", new JsonObject().put("type", "object")));

    assertThatThrownBy(() -> schemas(document)).hasMessageContaining("createWidget");
  }

  @Test
  @DisplayName("refuses an operation without an operationId")
  void operationIdRequired() {
    var document = document();
    document.getJsonObject("paths").getJsonObject("/api/v1/widgets").getJsonObject("post").remove("operationId");

    assertThatThrownBy(() -> schemas(document)).hasMessageContaining("POST /api/v1/widgets has no operationId");
  }

  @Test
  @DisplayName("refuses a document that is not OpenAPI 3.1")
  void refusesAnInvalidDocument() {
    var document = document();
    document.remove("info");

    assertThatThrownBy(() -> schemas(document)).isInstanceOf(OpenAPIContractException.class);
  }
}
