package org.ordermesh.payment;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.ordermesh.payment.api.CapturePayment;
import org.ordermesh.payment.support.PaymentNode;
import org.ordermesh.payment.support.Accounts;
import org.ordermesh.payment.support.Accounts.Account;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordermesh.payment.support.PaymentNode.authorization;
import static org.ordermesh.payment.support.PaymentNode.await;
import static org.ordermesh.payment.support.PaymentNode.newOrderId;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("/api/v1/payments")
class PaymentHttpTest {

  private static final String PROBLEMS = "https://ordermesh.dev/problems/";

  private PaymentNode payments;
  private Accounts accounts;
  private String admin;
  private WebClient http;

  @BeforeAll
  void start() {
    payments = PaymentNode.start();
    accounts = Accounts.deploy(payments.testNode());
    admin = accounts.admin();
    var port = await(payments.testNode().runtime().registry().lookupHttp(PaymentService.NAME)).port();
    http = WebClient.create(payments.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
  }

  @AfterAll
  void stop() throws Exception {
    payments.close();
  }

  @Test
  @DisplayName("the customer whose order it is reads the payment by id and by order")
  void ownerReadsTheirPayment() {
    var ann = accounts.customer();
    var paymentId = authorizedPayment(ann);

    var byId = send(http.get("/api/v1/payments/" + paymentId), ann.token());
    assertThat(byId.statusCode()).isEqualTo(200);
    assertThat(byId.bodyAsJsonObject().getString("status")).isEqualTo("AUTHORIZED");
    assertThat(byId.bodyAsJsonObject().getValue("amount")).isEqualTo(12.5);
    assertThat(byId.bodyAsJsonObject().getJsonArray("history")).hasSize(2);

    var orderId = byId.bodyAsJsonObject().getString("orderId");
    var byOrder = send(http.get("/api/v1/payments?orderId=" + orderId), ann.token());
    assertThat(byOrder.bodyAsJsonObject().getJsonArray("items")).hasSize(1);
  }

  @Test
  @DisplayName("a customer reading another customer's payment gets 404, and finds nothing by its order")
  void othersPaymentIsNotFound() {
    var paymentId = authorizedPayment(accounts.customer());
    var orderId = send(http.get("/api/v1/payments/" + paymentId), admin).bodyAsJsonObject().getString("orderId");
    var bob = accounts.customer();

    var byId = send(http.get("/api/v1/payments/" + paymentId), bob.token());
    assertThat(byId.statusCode()).isEqualTo(404);
    assertThat(byId.bodyAsJsonObject().getString("type")).isEqualTo(PROBLEMS + "not-found");

    var byOrder = send(http.get("/api/v1/payments?orderId=" + orderId), bob.token());
    assertThat(byOrder.bodyAsJsonObject().getJsonArray("items")).isEmpty();
  }

  @Test
  @DisplayName("a request without a token gets 401 with a Bearer challenge")
  void anonymousIsUnauthorized() {
    var response = await(http.get("/api/v1/payments/pay_x").send());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.getHeader("WWW-Authenticate")).startsWith("Bearer");
  }

  @Test
  @DisplayName("an admin refunds part of a capture, never more than captured, and a retried refund pays once")
  void adminRefundsPartially() {
    var paymentId = capturedPayment(accounts.customer());
    var refunds = "/api/v1/payments/" + paymentId + "/refunds";

    var first = send(http.post(refunds).putHeader("Idempotency-Key", "refund-1"), admin, amount("5.25"));
    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(first.getHeader("Location")).isEqualTo("/api/v1/payments/" + paymentId);
    assertThat(first.bodyAsJsonObject().getString("paymentStatus")).isEqualTo("PARTIALLY_REFUNDED");

    var replay = send(http.post(refunds).putHeader("Idempotency-Key", "refund-1"), admin, amount("5.25"));
    assertThat(replay.bodyAsJsonObject()).isEqualTo(first.bodyAsJsonObject());

    var tooMuch = send(http.post(refunds), admin, amount("7.26"));
    assertThat(tooMuch.statusCode()).isEqualTo(422);
    assertThat(tooMuch.bodyAsJsonObject().getString("type")).isEqualTo(PROBLEMS + "refund-exceeds-capture");

    var payment = send(http.get("/api/v1/payments/" + paymentId), admin).bodyAsJsonObject();
    assertThat(payment.getValue("refundedAmount")).isEqualTo(5.25);
  }

  @Test
  @DisplayName("a customer may not refund, and an amount finer than a cent is invalid")
  void refundsAreForAdminsWithExactAmounts() {
    var ann = accounts.customer();
    var paymentId = capturedPayment(ann);
    var refunds = "/api/v1/payments/" + paymentId + "/refunds";

    assertThat(send(http.post(refunds), ann.token(), amount("1.00")).statusCode()).isEqualTo(403);
    var fine = send(http.post(refunds), admin, amount("1.005"));
    assertThat(fine.statusCode()).isEqualTo(400);
    assertThat(fine.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("amount");
  }

  private String authorizedPayment(Account customer) {
    return payments.reply(authorization(newOrderId(), customer.id(), "tok_visa")).paymentId();
  }

  private String capturedPayment(Account customer) {
    var reply = payments.reply(authorization(newOrderId(), customer.id(), "tok_visa"));
    payments.reply(new CapturePayment(reply.orderId(), 1));
    return reply.paymentId();
  }

  private static JsonObject amount(String value) {
    return new JsonObject().put("amount", new BigDecimal(value));
  }

  private static HttpResponse<Buffer> send(HttpRequest<Buffer> request, String token) {
    return await(request.bearerTokenAuthentication(token).send());
  }

  private static HttpResponse<Buffer> send(HttpRequest<Buffer> request, String token, JsonObject body) {
    return await(request.bearerTokenAuthentication(token).sendJsonObject(body));
  }
}
