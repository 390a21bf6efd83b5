package org.ordermesh.node.contracts;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.node.bridge.BridgedNode;
import org.ordermesh.platform.contract.OpenApi;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI documents against the routers they describe, on a whole node: every route a service's API
 * router has is documented, every documented operation is routed and answers on the service port, and the
 * gateway serves the merged document and the AsyncAPI one.
 */
@DisplayName("the published contracts")
class OpenApiCoverageTest {

  private static final List<String> SERVICES = List.of("auth", "catalog", "payment", "order");
  // what Vert.x's own 404 says when no route matches (ProblemHandler); a resource's 404 says something else
  private static final String NO_ROUTE = "no resource at this path";
  private static BridgedNode node;
  private static WebClient http;

  @BeforeAll
  static void start() throws Exception {
    node = BridgedNode.start();
    http = WebClient.create(node.node().vertx());
  }

  @AfterAll
  static void stop() throws Exception {
    http.close();
    node.close();
  }

  @Test
  @DisplayName("every route of every service's API is documented, and every documented operation is routed")
  void documentsEveryRoute() {
    SERVICES.forEach(service -> {
      var coverage = OpenApi.coverage(node.node().vertx(), service).orElseThrow();
      assertThat(coverage.getJsonArray("undocumented")).as(service + "'s routes missing from its OpenAPI document").isEmpty();
      assertThat(coverage.getJsonArray("unrouted")).as(service + "'s documented operations without a route").isEmpty();
      assertThat(documented(service)).as(service + " documents its API").isNotEmpty();
    });
  }

  @Test
  @DisplayName("every documented operation answers on its service's port, and the port serves the document")
  void documentedOperationsAnswer() throws Exception {
    for (var service : SERVICES) {
      var port = node.servicePort(service);
      for (var operation : documented(service)) {
        var response = probe(port, operation);
        assertThat(response.statusCode()).as(service + ": " + operation).isLessThan(500).isNotEqualTo(405);
        if (response.statusCode() == 404) {
          assertThat(response.bodyAsJsonObject().getString("detail")).as(service + ": " + operation).isNotEqualTo(NO_ROUTE);
        }
      }
      var served = http.get(port, "127.0.0.1", OpenApi.PATH).send().await(10, TimeUnit.SECONDS);
      assertThat(served.bodyAsJsonObject()).isEqualTo(OpenApi.load(service).orElseThrow());
    }
  }

  @Test
  @DisplayName("the gateway serves every service's operations and its own in one OpenAPI 3.1 document, and the AsyncAPI 3.0 one")
  void gatewayServesTheMergedDocuments() throws Exception {
    var merged = http.get(node.gatewayPort(), "127.0.0.1", ContractRoutes.OPENAPI).send().await(10, TimeUnit.SECONDS)
      .bodyAsJsonObject();
    var asyncapi = http.get(node.gatewayPort(), "127.0.0.1", ContractRoutes.ASYNCAPI).send().await(10, TimeUnit.SECONDS)
      .bodyAsJsonObject();

    assertThat(merged.getString("openapi")).isEqualTo("3.1.0");
    var all = new TreeSet<String>();
    SERVICES.forEach(service -> all.addAll(documented(service)));
    all.addAll(documented("gateway"));
    assertThat(OpenApi.operations(merged)).containsExactlyElementsOf(all);
    assertThat(asyncapi.getString("asyncapi")).isEqualTo("3.0.0");
    assertThat(asyncapi.getJsonObject("channels").stream().map(channel -> ((JsonObject) channel.getValue()).getString("address")))
      .contains("order.events.v1", "order.status", "catalog.products", "payment.payments", "saga.step.{name}");
  }

  private static Set<String> documented(String service) {
    return OpenApi.operations(OpenApi.load(service).orElseThrow());
  }

  // the operation with made-up path parameters, no token and an empty JSON body: it must reach its handler
  private static HttpResponse<Buffer> probe(int port, String operation) throws Exception {
    var method = HttpMethod.valueOf(operation.substring(0, operation.indexOf(' ')));
    var path = operation.substring(operation.indexOf(' ') + 1).replaceAll("\\{\\w+}", "contract-probe");
    var request = http.request(method, port, "127.0.0.1", path);
    return (method == HttpMethod.POST || method == HttpMethod.PUT
      ? request.putHeader("content-type", "application/json").sendBuffer(Buffer.buffer("{}"))
      : request.send()).await(10, TimeUnit.SECONDS);
  }
}
