package org.ordermesh.payment;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.ordermesh.payment.api.CapturePayment;
import org.ordermesh.payment.api.PaymentErrorCode;
import org.ordermesh.payment.api.PaymentReply;
import org.ordermesh.payment.api.PaymentStatus;
import org.ordermesh.payment.api.RefundPayment;
import org.ordermesh.payment.api.VoidPayment;
import org.ordermesh.payment.support.PaymentNode;
import org.ordermesh.platform.testing.Await;

import java.time.Duration;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordermesh.payment.support.PaymentNode.AMOUNT;
import static org.ordermesh.payment.support.PaymentNode.authorization;
import static org.ordermesh.payment.support.PaymentNode.await;
import static org.ordermesh.payment.support.PaymentNode.newOrderId;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("payment.payments")
class PaymentBusTest {

  private PaymentNode payments;

  @BeforeAll
  void start() {
    payments = PaymentNode.start();
  }

  @AfterAll
  void stop() throws Exception {
    payments.close();
  }

  @Test
  @DisplayName("an authorize sent 20 times at once for one order authorizes once and answers all alike")
  void concurrentAuthorizesAuthorizeOnce() {
    var orderId = newOrderId();
    var sends = IntStream.range(0, 20).mapToObj(i -> payments.send(authorization(orderId, "cus_1", "tok_visa"))).toList();

    var replies = await(Future.all(sends)).<PaymentReply>list();

    assertThat(replies).hasSize(20).allSatisfy(reply -> assertThat(reply).isEqualTo(replies.get(0)));
    assertThat(replies.get(0).status()).isEqualTo(PaymentStatus.AUTHORIZED);
    assertThat(payments.ledger(orderId, "authorize")).hasSize(1);
    assertThat(payments.stored(orderId).history()).extracting(entry -> entry.event())
      .containsExactly("AuthorizationRequested", "PaymentAuthorized");
  }

  @Test
  @DisplayName("a declined card is an answer, not a failure")
  void declineIsAReply() {
    var reply = payments.reply(authorization(newOrderId(), "cus_1", "tok_declined"));

    assertThat(reply.status()).isEqualTo(PaymentStatus.DECLINED);
  }

  @Test
  @DisplayName("a capture after a void is refused, and a retried void answers as the first")
  void captureAfterVoidIsRefused() {
    var orderId = newOrderId();
    payments.reply(authorization(orderId, "cus_1", "tok_visa"));

    assertThat(payments.reply(new VoidPayment(orderId, 1)).status()).isEqualTo(PaymentStatus.VOIDED);
    assertThat(payments.refusal(new CapturePayment(orderId, 1))).isEqualTo(PaymentErrorCode.INVALID_STATE);
    assertThat(payments.reply(new VoidPayment(orderId, 1)).status()).isEqualTo(PaymentStatus.VOIDED);
    assertThat(payments.ledger(orderId, "capture")).isEmpty();
  }

  @Test
  @DisplayName("a capture sent three times charges once")
  void retriedCaptureChargesOnce() {
    var orderId = newOrderId();
    payments.reply(authorization(orderId, "cus_1", "tok_visa"));

    var replies = await(Future.all(IntStream.range(0, 3)
      .mapToObj(i -> payments.send(new CapturePayment(orderId, 1))).toList())).<PaymentReply>list();

    assertThat(replies).extracting(PaymentReply::status).containsOnly(PaymentStatus.CAPTURED);
    assertThat(payments.ledger(orderId, "capture")).hasSize(1);
    assertThat(payments.stored(orderId).capturedMinor()).isEqualTo(AMOUNT);
  }

  @Test
  @DisplayName("refunds never exceed the capture, and a retried refund pays out once")
  void refundsNeverExceedTheCapture() {
    var orderId = capturedOrder();

    var first = payments.reply(new RefundPayment(orderId, 700, "r1", 1));
    assertThat(first.status()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
    assertThat(first.refundedMinor()).isEqualTo(700);
    assertThat(payments.refusal(new RefundPayment(orderId, 600, "r2", 1))).isEqualTo(PaymentErrorCode.REFUND_EXCEEDS_CAPTURE);
    assertThat(payments.reply(new RefundPayment(orderId, 700, "r1", 1))).isEqualTo(first);
    assertThat(payments.reply(new RefundPayment(orderId, 550, "r3", 1)).status()).isEqualTo(PaymentStatus.REFUNDED);
    assertThat(payments.ledger(orderId, "refund")).extracting(entry -> entry.amountMinor()).containsExactly(700L, 550L);
  }

  @Test
  @DisplayName("refunds sent at once together never exceed the capture")
  void concurrentRefundsNeverExceedTheCapture() {
    var orderId = capturedOrder();

    var refunds = IntStream.range(0, 5).mapToObj(i -> payments.send(new RefundPayment(orderId, 400, "r" + i, 1))).toList();
    await(Future.join(refunds).otherwiseEmpty());

    assertThat(refunds).filteredOn(Future::succeeded).hasSize(3);
    assertThat(refunds).filteredOn(Future::failed).extracting(refund -> PaymentErrorCode.of(refund.cause()).orElseThrow())
      .containsOnly(PaymentErrorCode.REFUND_EXCEEDS_CAPTURE);

    assertThat(payments.stored(orderId).refundedMinor()).isEqualTo(1_200);
    assertThat(payments.stored(orderId).refunds()).hasSize(3);
    assertThat(payments.ledger(orderId, "refund")).hasSize(3);
  }

  @Test
  @DisplayName("a provider that times out and then answers leaves exactly one authorization")
  void timeoutThenRetryAuthorizesOnce() {
    var orderId = newOrderId();
    var command = authorization(orderId, "cus_1", "tok_slow");

    assertThat(payments.refusal(command)).isEqualTo(PaymentErrorCode.PAYMENT_UNAVAILABLE);
    // the provider holds the authorization; the payment is stored with the answer the retry gets
    assertThat(payments.stored(orderId)).isNull();
    assertThat(payments.ledger(orderId, "authorize")).hasSize(1);

    assertThat(payments.reply(command).status()).isEqualTo(PaymentStatus.AUTHORIZED);
    assertThat(payments.ledger(orderId, "authorize")).hasSize(1)
      .allSatisfy(entry -> assertThat(entry.answer().approved()).isTrue());
  }

  @Test
  @DisplayName("a void while the authorize is still at the provider voids it there: nothing is held, the late authorize is refused")
  void voidDuringTimedOutAuthorizeHoldsNothing() {
    var orderId = newOrderId();
    payments.refusal(authorization(orderId, "cus_1", "tok_slow"));

    assertThat(payments.reply(new VoidPayment(orderId, 1)).status()).isEqualTo(PaymentStatus.VOIDED);
    assertThat(payments.refusal(authorization(orderId, "cus_1", "tok_slow"))).isEqualTo(PaymentErrorCode.ALREADY_COMPENSATED);
    assertThat(payments.ledger(orderId)).extracting(entry -> entry.operation()).containsExactly("authorize", "void");
    assertThat(payments.ledger(orderId, "void")).allSatisfy(entry -> assertThat(entry.answer().approved()).isTrue());
  }

  @Test
  @DisplayName("the card-provider breaker opens under tok_error, fails fast, and closes again once the provider answers")
  void breakerOpensAndRecovers() {
    IntStream.range(0, 3).forEach(i -> assertThat(payments.refusal(authorization(newOrderId(), "cus_1", "tok_error")))
      .isEqualTo(PaymentErrorCode.PAYMENT_UNAVAILABLE));
    assertThat(payments.breakerState()).isEqualTo(2.0);

    var orderId = newOrderId();
    assertThat(payments.refusal(authorization(orderId, "cus_1", "tok_visa"))).isEqualTo(PaymentErrorCode.PAYMENT_UNAVAILABLE);
    assertThat(payments.ledger(orderId)).isEmpty();

    Await.until(Duration.ofSeconds(3), () -> payments.breakerState() == 1.0);
    assertThat(payments.reply(authorization(orderId, "cus_1", "tok_visa")).status()).isEqualTo(PaymentStatus.AUTHORIZED);
    assertThat(payments.breakerState()).isEqualTo(0.0);
  }

  @Test
  @DisplayName("a provider error leaves the payment FAILED, and voiding it holds nothing")
  void providerErrorFailsThePayment() {
    var orderId = newOrderId();
    payments.refusal(authorization(orderId, "cus_1", "tok_error"));

    assertThat(payments.stored(orderId).status()).isEqualTo(PaymentStatus.FAILED);
    assertThat(payments.reply(new VoidPayment(orderId, 1)).status()).isEqualTo(PaymentStatus.VOIDED);
  }

  @Test
  @DisplayName("malformed messages and unknown orders are refused with their codes")
  void refusals() {
    assertThat(payments.refusal(new JsonObject().put("v", 1).put("action", "capture")))
      .isEqualTo(PaymentErrorCode.INVALID_MESSAGE);
    assertThat(payments.refusal(authorization(newOrderId(), "cus_1", "tok_visa").toJson().put("amountMinor", 12.5)))
      .isEqualTo(PaymentErrorCode.INVALID_MESSAGE);
    assertThat(payments.refusal(new CapturePayment(newOrderId(), 1))).isEqualTo(PaymentErrorCode.UNKNOWN_PAYMENT);
  }

  private String capturedOrder() {
    var orderId = newOrderId();
    payments.reply(authorization(orderId, "cus_1", "tok_visa"));
    payments.reply(new CapturePayment(orderId, 1));
    return orderId;
  }
}
