package org.ordermesh.node.bridge;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.platform.testing.Await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Programs in other languages on the bridges: the official SockJS client, {@code @vertx/eventbus-bridge-client.js},
 * in a Node.js program ({@code src/test/node/sockjs-check.js}, its packages installed by the build with npm ci),
 * and the examples of {@code clients/python} and {@code clients/node} run as their READMEs say. The node declares
 * the Python risk step in {@code ORDERMESH_SAGA_EXTENSIONS}, as docs/extending.md does, and the step runs for the
 * whole class, so every order here goes through it.
 */
@DisplayName("programs in other languages, over the bridges")
class BridgedProgramsTest {

  private static final Path PROGRAM_DIR = Path.of("src", "test", "node");
  private static final Path PYTHON_CLIENT = Path.of("..", "clients", "python");
  private static final Path NODE_CLIENT = Path.of("..", "clients", "node");
  private static final String RISK_LIMIT = "500";
  private static final List<String> riskSeen = new CopyOnWriteArrayList<>();
  private static BridgedNode node;
  private static Process riskStep;

  @BeforeAll
  static void start() throws Exception {
    node = BridgedNode.start(new JsonObject().put("ORDERMESH_SAGA_EXTENSIONS", new io.vertx.core.json.JsonArray()
      .add(new JsonObject().put("name", "risk").put("address", BridgePolicy.SAGA_STEP_PREFIX + "risk")
        .put("before", "authorize-payment").put("timeoutMs", 5000).put("compensation", "compensate"))
      .encode()));
    var program = example(PYTHON_CLIENT, "python3", "examples/risk_step.py");
    program.environment().put("RISK_CLIENT_ID", BridgedNode.STEP_CLIENT);
    program.environment().put("RISK_CLIENT_SECRET", BridgedNode.SECRET);
    program.environment().put("RISK_LIMIT", RISK_LIMIT);
    riskStep = program.start();
    new Thread(() -> readText(riskStep, riskSeen), "risk-step-output").start();
    // no handler on the address until the program has registered over the bridge
    var probe = new JsonObject().put("v", 1).put("action", "check").put("step", "risk").put("attempt", 1)
      .put("orderId", "o-probe").put("total", "1.00");
    Await.until(Duration.ofSeconds(60), () -> {
      try {
        node.node.vertx().eventBus().<JsonObject>request(BridgePolicy.SAGA_STEP_PREFIX + "risk", probe)
          .await(10, TimeUnit.SECONDS);
        return true;
      } catch (Exception notYet) {
        return false;
      }
    });
  }

  @AfterAll
  static void stop() throws Exception {
    if (riskStep != null) {
      riskStep.destroy();
      riskStep.waitFor(10, TimeUnit.SECONDS);
    }
    node.close();
  }

  @Test
  @DisplayName("a customer gets products, receives its own order's status changes and no one else's, and cannot reach payments")
  void customerOverSockJs() throws Exception {
    var productId = node.someProductId();
    var other = node.customerToken();
    var customer = node.customerToken();

    var seen = new CopyOnWriteArrayList<JsonObject>();
    var program = new ProcessBuilder("node", "sockjs-check.js").directory(PROGRAM_DIR.toFile())
      .redirectError(ProcessBuilder.Redirect.INHERIT);
    program.environment().put("GATEWAY", "http://127.0.0.1:" + node.gatewayPort);
    program.environment().put("TOKEN", customer);
    program.environment().put("PRODUCT_ID", productId);
    var process = program.start();
    var reader = new Thread(() -> readLines(process, seen), "sockjs-check-output");
    reader.start();
    try {
      Await.until(Duration.ofSeconds(60), () -> line(seen, "products").isPresent() && line(seen, "payments").isPresent());
      var products = line(seen, "products").orElseThrow();
      var payments = line(seen, "payments").orElseThrow();
      assertThat(products.getValue("err")).isNull();
      assertThat(products.getJsonObject("reply").getJsonArray("products").getJsonObject(0).getString("id")).isEqualTo(productId);
      assertThat(payments.getJsonObject("err").getString("failureType")).isEqualTo("FORBIDDEN");
      assertThat(payments.getValue("reply")).isNull();

      // the other customer's changes are published while the program listens, and before its own order's
      var otherOrder = placeAndAwaitFinal(other, productId);
      var ownOrder = placeAndAwaitFinal(customer, productId);
      Await.until(Duration.ofSeconds(60), () -> statuses(seen).stream()
        .anyMatch(body -> ownOrder.getString("id").equals(body.getString("orderId")) && !"PENDING".equals(body.getString("status"))));

      assertThat(statuses(seen)).isNotEmpty()
        .allMatch(body -> ownOrder.getString("customerId").equals(body.getString("customerId")))
        .noneMatch(body -> otherOrder.getString("id").equals(body.getString("orderId")));
    } finally {
      process.destroy();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("the Python and Node examples get products from catalog.products over the TCP bridge")
  void productsExamples() throws Exception {
    var productId = node.someProductId();

    var python = run(example(PYTHON_CLIENT, "python3", "examples/products.py", productId));
    var nodeJs = run(example(NODE_CLIENT, "node", "examples/products.js", productId));

    assertThat(python).startsWith(productId + " ");
    assertThat(nodeJs).startsWith(productId + " ");
  }

  @Test
  @DisplayName("the Python risk step, registered over the TCP bridge, answers the bus as a Java participant would")
  void riskStepExample() throws Exception {
    var bus = node.node.vertx().eventBus();
    var address = BridgePolicy.SAGA_STEP_PREFIX + "risk";
    var large = new JsonObject().put("v", 1).put("action", "check").put("orderId", "o-large").put("total", 900);
    var small = new JsonObject().put("v", 1).put("action", "check").put("orderId", "o-small").put("total", 100);

    var declined = bus.<JsonObject>request(address, large).await(10, TimeUnit.SECONDS).body();
    var approved = bus.<JsonObject>request(address, small).await(10, TimeUnit.SECONDS).body();

    assertThat(declined.getString("outcome")).isEqualTo("DECLINED");
    assertThat(declined.getString("reason")).isEqualTo("RISK_DECLINED");
    assertThat(approved.getString("outcome")).isEqualTo("APPROVED");
    Await.until(Duration.ofSeconds(30), () -> riskSeen.containsAll(List.of("o-large DECLINED", "o-small APPROVED")));
  }

  @Test
  @DisplayName("the Python risk step in the saga: an order over its limit is cancelled with RISK_DECLINED and its stock released, a smaller one confirmed")
  void riskStepInTheSaga() throws Exception {
    var customer = node.customerToken();
    var productId = node.product("300.00", 5);

    var overLimit = placeAndAwaitFinal(customer, productId, 2);
    assertThat(overLimit.getString("status")).isEqualTo("CANCELLED");
    assertThat(overLimit.getString("reason")).isEqualTo("RISK_DECLINED");
    Await.until(Duration.ofSeconds(60), () -> node.inventory(productId).getInteger("available") == 5);
    assertThat(node.inventory(productId).getInteger("reserved")).isZero();

    var withinLimit = placeAndAwaitFinal(customer, productId, 1);
    assertThat(withinLimit.getString("status")).as(withinLimit.encode()).isEqualTo("CONFIRMED");
    // the 5 add up once the confirmed order's stock is committed: 4 available, none reserved, 1 gone with the order
    Await.until(Duration.ofSeconds(60), () -> {
      var stock = node.inventory(productId);
      return stock.getInteger("available") == 4 && stock.getInteger("reserved") == 0;
    });
    assertThat(riskSeen).contains(overLimit.getString("id") + " DECLINED", withinLimit.getString("id") + " APPROVED");
  }

  private static ProcessBuilder example(Path dir, String... command) {
    var program = new ProcessBuilder(command).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
    program.environment().put("ORDERMESH_GATEWAY", "http://127.0.0.1:" + node.gatewayPort);
    program.environment().put("ORDERMESH_BRIDGE_PORT", String.valueOf(node.bridgePort));
    program.environment().put("ORDERMESH_EMAIL", BridgedNode.ADMIN_EMAIL);
    program.environment().put("ORDERMESH_PASSWORD", BridgedNode.ADMIN_PASSWORD);
    return program;
  }

  // what the program printed, once it exited with 0 within the bound
  private static String run(ProcessBuilder program) throws Exception {
    var process = program.start();
    var output = new CopyOnWriteArrayList<String>();
    var reader = new Thread(() -> readText(process, output), "example-output");
    reader.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited within 60 s").isTrue();
    reader.join(10_000);
    assertThat(process.exitValue()).as(String.join("\n", output)).isZero();
    return String.join("\n", output);
  }

  private static void readText(Process process, List<String> lines) {
    try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        lines.add(line);
      }
    } catch (Exception e) {
      // the program was stopped; what it said so far is in lines
    }
  }

  // the order once its saga has finished, as its customer reads it
  private static JsonObject placeAndAwaitFinal(String token, String productId) throws Exception {
    return placeAndAwaitFinal(token, productId, 1);
  }

  private static JsonObject placeAndAwaitFinal(String token, String productId, int quantity) throws Exception {
    var placed = node.http.post(node.gatewayPort, "127.0.0.1", "/api/v1/orders").bearerTokenAuthentication(token)
      .putHeader("Idempotency-Key", UUID.randomUUID().toString())
      .sendJsonObject(new JsonObject()
        .put("items", new io.vertx.core.json.JsonArray().add(new JsonObject().put("productId", productId).put("quantity", quantity)))
        .put("paymentMethod", "tok_visa")
        .put("shippingAddress", new JsonObject().put("name", "Ada Lovelace").put("line1", "1 Analytical Way")
          .put("city", "London").put("postalCode", "N1 1AA").put("country", "GB")))
      .await(10, TimeUnit.SECONDS);
    assertThat(placed.statusCode()).as(placed.bodyAsString()).isEqualTo(202);
    var id = placed.bodyAsJsonObject().getString("id");
    var order = new JsonObject[1];
    Await.until(Duration.ofSeconds(60), () -> {
      order[0] = read(token, id).bodyAsJsonObject();
      return !"PENDING".equals(order[0].getString("status"));
    });
    return order[0];
  }

  private static HttpResponse<Buffer> read(String token, String id) {
    try {
      return node.http.get(node.gatewayPort, "127.0.0.1", "/api/v1/orders/" + id).bearerTokenAuthentication(token)
        .send().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Optional<JsonObject> line(List<JsonObject> seen, String what) {
    return seen.stream().filter(line -> what.equals(line.getString("seen"))).findFirst();
  }

  private static List<JsonObject> statuses(List<JsonObject> seen) {
    return seen.stream().filter(line -> "status".equals(line.getString("seen"))).map(line -> line.getJsonObject("body")).toList();
  }

  private static void readLines(Process process, List<JsonObject> seen) {
    try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        seen.add(new JsonObject(line));
      }
    } catch (Exception e) {
      // the program was stopped; what it said so far is in seen
    }
  }
}
