package org.ordermesh.node.bridge;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.catalog.api.CatalogAddresses;
import org.ordermesh.order.api.OrderAddresses;
import org.ordermesh.payment.api.PaymentAddresses;
import org.ordermesh.platform.node.NodeRuntime;
import org.ordermesh.platform.testing.Await;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("the TCP bridge, given hostile frames")
class TcpBridgeHostileFramesTest {

  private static BridgedNode node;
  // every message that reached an address that moves stock or money, as the services would have seen it
  private static final List<Object> reachedServices = new CopyOnWriteArrayList<>();
  private static String customer;
  private static String admin;
  private static String stepClient;
  private final String marker = "hostile-" + UUID.randomUUID();

  @BeforeAll
  static void start() throws Exception {
    node = BridgedNode.start();
    node.node.vertx().eventBus().addInboundInterceptor(delivery -> {
      var address = delivery.message().address();
      if (PaymentAddresses.PAYMENTS.equals(address) || CatalogAddresses.INVENTORY.equals(address)) {
        reachedServices.add(delivery.body());
      }
      delivery.next();
    });
    customer = node.customerToken();
    admin = node.adminToken();
    stepClient = node.clientToken(BridgedNode.STEP_CLIENT);
  }

  @AfterEach
  void nodeStaysReadyAndNothingHostileReachedAService() {
    assertThat(node.status("/health/ready")).isEqualTo(200);
    assertThat(reachedServices).noneMatch(body -> String.valueOf(body).contains(marker));
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  @Test
  @DisplayName("a frame declaring more than 64 KiB is refused from its length prefix and the connection closed")
  void oversizeFrame() throws Exception {
    try (var bridge = new TcpFrames(node.bridgePort)) {
      bridge.sendLengthOnly(64 * 1024 + 1, 16);

      assertThat(bridge.read().getString("code")).isEqualTo("FRAME_TOO_LARGE");
      assertThat(bridge.closedByPeer()).isTrue();
    }
  }

  @Test
  @DisplayName("a frame that is not JSON is refused and the connection still answers")
  void notJson() throws Exception {
    try (var bridge = new TcpFrames(node.bridgePort)) {
      bridge.sendRaw("{\"type\": send".getBytes(StandardCharsets.UTF_8));
      var refusal = bridge.read();
      bridge.send(new JsonObject().put("type", "ping"));

      assertThat(refusal.getString("code")).isEqualTo("NOT_JSON");
      assertThat(refusal.getInteger("failureCode")).isEqualTo(400);
      assertThat(bridge.read().getString("type")).isEqualTo("pong");
    }
  }

  @Test
  @DisplayName("a frame without a token is refused with AUTH_REQUIRED and delivers nothing")
  void noToken() throws Exception {
    try (var bridge = new TcpFrames(node.bridgePort)) {
      bridge.send(capture(null).put("replyAddress", "r-1"));

      var refusal = bridge.read();
      assertThat(refusal.getString("code")).isEqualTo("AUTH_REQUIRED");
      assertThat(refusal.getString("address")).as("addressed to the request's reply address").isEqualTo("r-1");
    }
  }

  @Test
  @DisplayName("a token signed by another key is refused with INVALID_TOKEN")
  void forgedToken() throws Exception {
    try (var bridge = new TcpFrames(node.bridgePort)) {
      bridge.send(capture(forgedAdminToken()));

      assertThat(bridge.read().getString("code")).isEqualTo("INVALID_TOKEN");
    }
  }

  @Test
  @DisplayName("a customer may not send to payment.payments nor register a saga step's address")
  void forbidden() throws Exception {
    try (var bridge = new TcpFrames(node.bridgePort)) {
      bridge.send(capture(customer));
      var send = bridge.read();
      bridge.send(TcpFrames.frame("register", "saga.step.risk", customer));
      var register = bridge.read();
      bridge.send(TcpFrames.frame("publish", OrderAddresses.ORDER_STATUS, customer).put("body", statusChange("someone-else")));
      var publish = bridge.read();

      assertThat(List.of(send, register, publish)).extracting(frame -> frame.getString("code"))
        .containsOnly("FORBIDDEN");
      assertThat(register.getString("address")).isEqualTo("saga.step.risk");
    }
  }

  @Test
  @DisplayName("a service client with scope catalog.inventory reaches the inventory, which checks its token again")
  void scopedClientReachesInventory() throws Exception {
    var stockClient = node.clientToken(BridgedNode.INVENTORY_CLIENT);
    try (var bridge = new TcpFrames(node.bridgePort)) {
      bridge.send(TcpFrames.frame("send", CatalogAddresses.INVENTORY, stockClient).put("replyAddress", "r-stock")
        .put("body", new JsonObject().put("v", 1).put("action", "release").put("orderId", "bridged-" + UUID.randomUUID())));

      var reply = bridge.read();
      assertThat(reply.getString("address")).isEqualTo("r-stock");
      assertThat(reply.getJsonObject("body").getString("status")).as(reply.encode()).isEqualTo("RELEASED");
    }
  }

  @Test
  @DisplayName("the 33rd registration on one connection is refused with TOO_MANY_REGISTRATIONS")
  void tooManyRegistrations() throws Exception {
    try (var bridge = new TcpFrames(node.bridgePort)) {
      for (var i = 1; i <= 33; i++) {
        bridge.send(TcpFrames.frame("register", "saga.step.t" + i + "-" + marker, stepClient));
      }
      bridge.send(new JsonObject().put("type", "ping"));

      var refusal = bridge.read();
      assertThat(refusal.getString("code")).isEqualTo("TOO_MANY_REGISTRATIONS");
      assertThat(refusal.getString("address")).isEqualTo("saga.step.t33-" + marker);
      assertThat(bridge.read().getString("type")).isEqualTo("pong");
    }
  }

  @Test
  @DisplayName("a connection sending faster than its rate is refused with RATE_LIMITED")
  void rateLimited() throws Exception {
    try (var bridge = new TcpFrames(node.bridgePort)) {
      for (var i = 0; i < 150; i++) {
        bridge.send(new JsonObject().put("type", "ping"));
      }

      var codes = new java.util.ArrayList<String>();
      for (var i = 0; i < 150; i++) {
        codes.add(bridge.read().getString("code", "pong"));
      }
      assertThat(codes).contains("RATE_LIMITED");
    }
  }

  @Test
  @DisplayName("a reader that never reads is disconnected once its write queue is full")
  void slowReader() throws Exception {
    var before = slowReaderRefusals();
    try (var bridge = new TcpFrames(node.bridgePort, 4096)) {
      bridge.send(TcpFrames.frame("register", OrderAddresses.ORDER_STATUS, admin));
      // a ping answered after the register means the registration is in place
      bridge.send(new JsonObject().put("type", "ping"));
      assertThat(bridge.read().getString("type")).isEqualTo("pong");
      var padded = statusChange("anyone").put("padding", "x".repeat(32 * 1024));

      // in batches, each let out before the next, so the bridge's write queue fills, not the event loop's
      for (var batch = 0; batch < 400 && slowReaderRefusals() == before; batch++) {
        var sent = framesOut();
        for (var i = 0; i < 20; i++) {
          node.node.vertx().eventBus().publish(OrderAddresses.ORDER_STATUS, padded);
        }
        Await.until(Duration.ofSeconds(30), () -> framesOut() >= sent + 20 || slowReaderRefusals() > before);
      }

      assertThat(slowReaderRefusals()).isGreaterThan(before);
      // the refusal is counted before the close handler gives the connection back
      Await.until(Duration.ofSeconds(10), () -> openConnections() == 0);
      assertThat(openConnections()).isZero();
    }
  }

  private double framesOut() {
    var counter = meters().find("ordermesh.bridge.frames").tag("bridge", "tcp").tag("direction", "out").counter();
    return counter == null ? 0 : counter.count();
  }

  private double openConnections() {
    return meters().find("ordermesh.bridge.connections").tag("bridge", "tcp").gauge().value();
  }

  private MeterRegistry meters() {
    return NodeRuntime.of(node.node.vertx()).meters();
  }

  private double slowReaderRefusals() {
    var counter = meters().find("ordermesh.bridge.refusals").tag("bridge", "tcp").tag("code", "SLOW_READER").counter();
    return counter == null ? 0 : counter.count();
  }

  private JsonObject capture(String token) {
    return TcpFrames.frame("send", PaymentAddresses.PAYMENTS, token)
      .put("body", new JsonObject().put("v", 1).put("action", "capture").put("orderId", marker));
  }

  private JsonObject statusChange(String customerId) {
    return new JsonObject().put("v", 1).put("orderId", marker).put("customerId", customerId).put("status", "CONFIRMED")
      .put("seq", 1).put("at", Instant.now().toString());
  }

  // a well-formed RS256 token claiming to be the admin, signed by a key the auth service never issued
  private static String forgedAdminToken() throws Exception {
    var keys = KeyPairGenerator.getInstance("RSA");
    keys.initialize(2048);
    var pair = keys.generateKeyPair();
    var encoder = Base64.getUrlEncoder().withoutPadding();
    var jwks = node.http.get(node.gatewayPort, "127.0.0.1", "/.well-known/jwks.json").send()
      .await(10, java.util.concurrent.TimeUnit.SECONDS).bodyAsJsonObject();
    var kid = jwks.getJsonArray("keys").getJsonObject(0).getString("kid");
    var header = new JsonObject().put("alg", "RS256").put("typ", "JWT").put("kid", kid);
    var now = Instant.now().getEpochSecond();
    var claims = new JsonObject().put("iss", "https://auth.ordermesh.local").put("aud", "ordermesh").put("sub", "forger")
      .put("roles", new JsonArray().add("admin")).put("iat", now).put("exp", now + 600);
    var signingInput = encoder.encodeToString(header.encode().getBytes(StandardCharsets.UTF_8)) + "."
      + encoder.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
    var signature = Signature.getInstance("SHA256withRSA");
    signature.initSign(pair.getPrivate());
    signature.update(signingInput.getBytes(StandardCharsets.UTF_8));
    return signingInput + "." + encoder.encodeToString(signature.sign());
  }
}
