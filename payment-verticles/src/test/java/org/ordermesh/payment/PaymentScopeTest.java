package org.ordermesh.payment;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.ordermesh.payment.api.CapturePayment;
import org.ordermesh.payment.api.PaymentErrorCode;
import org.ordermesh.payment.api.PaymentStatus;
import org.ordermesh.payment.api.RefundPayment;
import org.ordermesh.payment.api.VoidPayment;
import org.ordermesh.payment.support.Accounts;
import org.ordermesh.payment.support.PaymentNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordermesh.payment.support.PaymentNode.AMOUNT;
import static org.ordermesh.payment.support.PaymentNode.authorization;
import static org.ordermesh.payment.support.PaymentNode.newOrderId;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("payment.payments commands")
class PaymentScopeTest {

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
  @DisplayName("without a token are refused with FORBIDDEN (403) and authorize nothing")
  void withoutTokenRefused() {
    var orderId = newOrderId();

    assertThat(payments.refusal(authorization(orderId, "cus_1", "tok_visa"), null)).isEqualTo(PaymentErrorCode.FORBIDDEN);
    assertThat(payments.refusal(authorization(orderId, "cus_1", "tok_visa"), "Bearer forged")).isEqualTo(PaymentErrorCode.FORBIDDEN);
    assertThat(PaymentErrorCode.FORBIDDEN.status()).isEqualTo(403);

    assertThat(payments.stored(orderId)).isNull();
    assertThat(payments.ledger(orderId, "authorize")).isEmpty();
  }

  @Test
  @DisplayName("with a customer's token are refused and leave an authorized payment as it was")
  void customerRefused() {
    var orderId = newOrderId();
    payments.reply(authorization(orderId, "cus_1", "tok_visa"));
    var customer = "Bearer " + Accounts.deploy(payments.testNode()).customer().token();

    assertThat(payments.refusal(new CapturePayment(orderId, 1), customer)).isEqualTo(PaymentErrorCode.FORBIDDEN);
    assertThat(payments.refusal(new VoidPayment(orderId, 1), customer)).isEqualTo(PaymentErrorCode.FORBIDDEN);

    assertThat(payments.stored(orderId).status()).isEqualTo(PaymentStatus.AUTHORIZED);
    assertThat(payments.ledger(orderId, "capture")).isEmpty();
  }

  @Test
  @DisplayName("with a service token lacking payment.payments are refused and refund nothing")
  void otherScopeRefused() {
    var orderId = newOrderId();
    payments.reply(authorization(orderId, "cus_1", "tok_visa"));
    payments.reply(new CapturePayment(orderId, 1));
    var stockOnly = "Bearer " + payments.stockClientToken();

    assertThat(payments.refusal(new RefundPayment(orderId, AMOUNT, "refund-1", 1), stockOnly))
      .isEqualTo(PaymentErrorCode.FORBIDDEN);

    assertThat(payments.stored(orderId).status()).isEqualTo(PaymentStatus.CAPTURED);
    assertThat(payments.ledger(orderId, "refund")).isEmpty();
  }
}
