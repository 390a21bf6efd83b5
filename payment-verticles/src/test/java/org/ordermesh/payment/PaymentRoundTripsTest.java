package org.ordermesh.payment;

import io.vertx.core.Context;
import io.vertx.core.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.ordermesh.payment.api.CapturePayment;
import org.ordermesh.payment.api.PaymentCommand;
import org.ordermesh.payment.api.PaymentReply;
import org.ordermesh.payment.api.PaymentStatus;
import org.ordermesh.payment.api.RefundPayment;
import org.ordermesh.payment.payment.HistoryEntry;
import org.ordermesh.payment.payment.PaymentCache;
import org.ordermesh.payment.payment.PaymentRepository;
import org.ordermesh.payment.payment.Payments;
import org.ordermesh.payment.provider.SimulatedCardProvider;
import org.ordermesh.payment.support.CountingMongo;
import org.ordermesh.payment.support.PaymentNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordermesh.payment.support.PaymentNode.authorization;
import static org.ordermesh.payment.support.PaymentNode.await;
import static org.ordermesh.payment.support.PaymentNode.newOrderId;

/**
 * The store round trips a command costs, counted on the Mongo client each {@code Payments} uses; two of them
 * with their own caches stand for two nodes of a cluster.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("store round trips of payment commands")
class PaymentRoundTripsTest {

  private PaymentNode node;
  private Context context;

  @BeforeAll
  void start() {
    node = PaymentNode.start();
    context = node.vertx().getOrCreateContext();
  }

  @AfterAll
  void stop() throws Exception {
    node.close();
  }

  @Test
  @DisplayName("an authorize is one insert and its capture one update, at the provider too, and a repeat none")
  void authorizeAndCaptureTakeOneWriteEach() {
    var payments = new CountedPayments();
    var orderId = newOrderId();

    assertThat(payments.handle(authorization(orderId, "cus_1", "tok_visa")).status()).isEqualTo(PaymentStatus.AUTHORIZED);
    assertThat(payments.store.takeCalls()).containsExactly("insert");
    assertThat(payments.providerStore.takeCalls()).containsExactly("insert");
    assertThat(payments.handle(new CapturePayment(orderId, 1)).status()).isEqualTo(PaymentStatus.CAPTURED);
    assertThat(payments.store.takeCalls()).containsExactly("findOneAndUpdateWithOptions");
    assertThat(payments.providerStore.takeCalls()).containsExactly("updateCollection");
    assertThat(payments.handle(new CapturePayment(orderId, 1)).status()).isEqualTo(PaymentStatus.CAPTURED);
    assertThat(payments.store.takeCalls()).isEmpty();
    assertThat(payments.providerStore.takeCalls()).isEmpty();

    assertThat(node.ledger(orderId, "capture")).hasSize(1);
    assertThat(node.stored(orderId).history()).extracting(HistoryEntry::event)
      .containsExactly("AuthorizationRequested", "PaymentAuthorized", "CaptureRequested", "PaymentCaptured");
  }

  @Test
  @DisplayName("a node whose copy is stale loses its write, reads the payment, and answers like the first capture")
  void staleCopyFallsBackToARead() {
    var first = new CountedPayments();
    var second = new CountedPayments();
    var orderId = newOrderId();
    first.handle(authorization(orderId, "cus_1", "tok_visa"));
    assertThat(second.handle(new CapturePayment(orderId, 1)).status()).isEqualTo(PaymentStatus.CAPTURED);
    assertThat(second.store.takeCalls()).containsExactly("findOne", "findOneAndUpdateWithOptions");
    assertThat(second.providerStore.takeCalls()).containsExactly("findOne", "updateCollection");
    first.store.takeCalls();
    first.providerStore.takeCalls();

    assertThat(first.handle(new CapturePayment(orderId, 1)).status()).isEqualTo(PaymentStatus.CAPTURED);
    assertThat(first.store.takeCalls()).containsExactly("findOneAndUpdateWithOptions", "findOne");
    // its provider's copy is stale too: that write loses, and the read finds the capture by its key and answers it
    assertThat(first.providerStore.takeCalls()).containsExactly("updateCollection", "findOne");
    assertThat(node.ledger(orderId, "capture")).hasSize(1);
    assertThat(node.stored(orderId).capturedMinor()).isEqualTo(PaymentNode.AMOUNT);
  }

  @Test
  @DisplayName("a node that saw the payment before its capture reads it again rather than refusing a refund")
  void staleRefusalIsCheckedAgainstTheStore() {
    var first = new CountedPayments();
    var second = new CountedPayments();
    var orderId = newOrderId();
    first.handle(authorization(orderId, "cus_1", "tok_visa"));
    second.handle(new CapturePayment(orderId, 1));

    var refund = first.handle(new RefundPayment(orderId, 500, "r1", 1));

    assertThat(refund.status()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
    assertThat(node.ledger(orderId, "refund")).hasSize(1);
  }

  /** One node's {@code Payments}: its own cache and simulated provider (on the node's databases), store calls counted. */
  private final class CountedPayments {

    private final CountingMongo store = new CountingMongo(node.mongo());
    private final CountingMongo providerStore = new CountingMongo(node.providerMongo());
    private final Payments payments = new Payments(new PaymentRepository(node.vertx(), store.client()),
      new SimulatedCardProvider(node.vertx(), providerStore.client(), 0), new PaymentCache());

    // on an event loop, as a verticle calls it
    PaymentReply handle(PaymentCommand command) {
      return await(Future.<PaymentReply>future(reply -> context.runOnContext(v -> payments.handle(command).onComplete(reply))));
    }
  }
}
