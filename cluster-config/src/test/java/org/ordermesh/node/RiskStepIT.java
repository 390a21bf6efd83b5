package org.ordermesh.node;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ordermesh.platform.testing.Await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The extension guide's example as a user runs it: the packaged node with a risk step declared in
 * {@code ORDERMESH_SAGA_EXTENSIONS}, and {@code clients/python}'s risk step (standard library only) answering
 * it over the TCP bridge with a {@code saga.step} client's token.
 */
@DisplayName("the Python risk step against the packaged node")
class RiskStepIT {

  private static final String STEP_CLIENT = "risk";
  private static final String STEP_SECRET = "risk-step-it-secret";
  private static final Path PYTHON_CLIENT = Path.of("..", "clients", "python");
  private static final List<String> stepSaid = new CopyOnWriteArrayList<>();

  @TempDir
  static Path dir;
  private static PackagedNode node;
  private static Process step;
  private static String admin;

  @BeforeAll
  static void start() throws Exception {
    var bridgePort = PackagedNode.freePort();
    node = PackagedNode.start(dir, Map.of(
      "ORDERMESH_BRIDGE_PORT", String.valueOf(bridgePort),
      "ORDERMESH_AUTH_CLIENT_SECRETS", new JsonObject().put(STEP_CLIENT, new JsonObject().put("secret", STEP_SECRET)
        .put("scopes", new JsonArray().add("saga.step"))).encode(),
      "ORDERMESH_SAGA_EXTENSIONS", new JsonArray().add(new JsonObject().put("name", "risk").put("address", "saga.step.risk")
        .put("before", "authorize-payment").put("timeoutMs", 5000).put("compensation", "compensate")).encode()));
    admin = node.token(PackagedNode.ADMIN_EMAIL, PackagedNode.ADMIN_PASSWORD);

    var program = new ProcessBuilder("python3", "examples/risk_step.py").directory(PYTHON_CLIENT.toFile())
      .redirectError(ProcessBuilder.Redirect.INHERIT);
    program.environment().put("ORDERMESH_GATEWAY", node.baseUrl());
    program.environment().put("ORDERMESH_BRIDGE_PORT", String.valueOf(bridgePort));
    program.environment().put("RISK_CLIENT_ID", STEP_CLIENT);
    program.environment().put("RISK_CLIENT_SECRET", STEP_SECRET);
    program.environment().put("RISK_LIMIT", "500");
    step = program.start();
    new Thread(RiskStepIT::readStep, "risk-step-output").start();
    Await.until(Duration.ofSeconds(60), () -> stepSaid.stream().anyMatch(line -> line.startsWith("answering")));
  }

  @AfterAll
  static void stop() throws Exception {
    if (step != null) {
      step.destroy();
      step.waitFor(10, TimeUnit.SECONDS);
    }
    if (node != null) {
      node.close();
    }
  }

  @Test
  @DisplayName("cancels an order over its limit with RISK_DECLINED and releases its stock; confirms a smaller one")
  void declinesOverTheLimit() {
    var customer = customer();
    var productId = product("300.00", 5);

    var overLimit = placeAndAwaitFinal(customer, productId, 2);
    assertThat(overLimit.getString("status")).as(overLimit.encode()).isEqualTo("CANCELLED");
    assertThat(overLimit.getString("reason")).isEqualTo("RISK_DECLINED");
    Await.until(Duration.ofSeconds(60), () -> inventory(productId).getInteger("available") == 5);
    assertThat(inventory(productId).getInteger("reserved")).isZero();

    var withinLimit = placeAndAwaitFinal(customer, productId, 1);
    assertThat(withinLimit.getString("status")).as(withinLimit.encode()).isEqualTo("CONFIRMED");
    Await.until(Duration.ofSeconds(60), () -> {
      var stock = inventory(productId);
      return stock.getInteger("available") == 4 && stock.getInteger("reserved") == 0;
    });
    assertThat(stepSaid).contains(overLimit.getString("id") + " DECLINED", withinLimit.getString("id") + " APPROVED");
  }

  private static String customer() {
    var email = "risk-" + UUID.randomUUID() + "@example.com";
    var registered = node.post("/api/v1/auth/register", null,
      new JsonObject().put("email", email).put("password", "a long enough password").put("name", "Risky Customer"), Map.of());
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    return node.token(email, "a long enough password");
  }

  private static String product(String price, int stock) {
    var created = node.post("/api/v1/products", admin, new JsonObject().put("name", "Risky " + UUID.randomUUID())
      .put("description", "for the risk step").put("category", "tests").put("price", new BigDecimal(price))
      .put("currency", "EUR").put("sku", "SKU-" + UUID.randomUUID().toString().substring(0, 12))
      .put("attributes", new JsonObject()), Map.of());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    var id = new JsonObject(created.body()).getString("id");
    var adjusted = node.post("/api/v1/inventory/" + id + "/adjustments", admin,
      new JsonObject().put("delta", stock).put("reason", "initial stock"), Map.of());
    assertThat(adjusted.statusCode()).as(adjusted.body()).isLessThan(300);
    return id;
  }

  private static JsonObject inventory(String productId) {
    return new JsonObject(node.get("/api/v1/inventory/" + productId, admin).body());
  }

  private static JsonObject placeAndAwaitFinal(String customer, String productId, int quantity) {
    var placed = node.post("/api/v1/orders", customer, new JsonObject()
      .put("items", new JsonArray().add(new JsonObject().put("productId", productId).put("quantity", quantity)))
      .put("paymentMethod", "tok_visa")
      .put("shippingAddress", new JsonObject().put("name", "Ada Lovelace").put("line1", "1 Analytical Way")
        .put("city", "London").put("postalCode", "N1 1AA").put("country", "GB")),
      Map.of("Idempotency-Key", UUID.randomUUID().toString()));
    assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);
    var id = new JsonObject(placed.body()).getString("id");
    var order = new JsonObject[1];
    Await.until(Duration.ofSeconds(60), () -> {
      order[0] = new JsonObject(node.get("/api/v1/orders/" + id, customer).body());
      return !"PENDING".equals(order[0].getString("status"));
    });
    return order[0];
  }

  private static void readStep() {
    try (var reader = new BufferedReader(new InputStreamReader(step.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        stepSaid.add(line);
      }
    } catch (Exception stopped) {
      // the program was stopped; what it said so far is in stepSaid
    }
  }
}
