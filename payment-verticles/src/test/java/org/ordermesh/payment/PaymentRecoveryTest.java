package org.ordermesh.payment;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.ordermesh.payment.api.AuthorizePayment;
import org.ordermesh.payment.api.CapturePayment;
import org.ordermesh.payment.api.PaymentCommand;
import org.ordermesh.payment.api.PaymentErrorCode;
import org.ordermesh.payment.api.PaymentFields;
import org.ordermesh.payment.api.PaymentReply;
import org.ordermesh.payment.api.PaymentStatus;
import org.ordermesh.payment.api.VoidPayment;
import org.ordermesh.payment.payment.HistoryEntry;
import org.ordermesh.payment.payment.Payment;
import org.ordermesh.payment.payment.PaymentCache;
import org.ordermesh.payment.payment.PaymentRepository;
import org.ordermesh.payment.payment.Payments;
import org.ordermesh.payment.payment.PendingOperation;
import org.ordermesh.payment.provider.SimulatedCardProvider;
import org.ordermesh.payment.support.PaymentNode;
import org.ordermesh.platform.testing.Await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordermesh.payment.support.PaymentNode.AMOUNT;
import static org.ordermesh.payment.support.PaymentNode.authorization;
import static org.ordermesh.payment.support.PaymentNode.await;
import static org.ordermesh.payment.support.PaymentNode.newOrderId;

/**
 * What a crash of the node leaves behind, what a void before its authorize leaves, and late attempts. A node
 * restarted on the same data is a new {@code Payments} with an empty cache and a new simulated provider (empty
 * copies) on the same two databases.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("payment after a crash, a void before its authorize, and stale attempts")
class PaymentRecoveryTest {

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

  @Nested
  @DisplayName("after a restart on the same data")
  class AfterARestart {

    @Test
    @DisplayName("a payment left AUTHORIZED is captured: the provider still knows the authorization")
    void authorizedPaymentIsCapturable() {
      var orderId = newOrderId();
      node.reply(authorization(orderId, "cus_1", "tok_visa"));

      var restarted = restartedNode();

      assertThat(restarted.handle(new CapturePayment(orderId, 1)).status()).isEqualTo(PaymentStatus.CAPTURED);
      assertThat(node.ledger(orderId, "capture")).hasSize(1);
    }

    @Test
    @DisplayName("a capture the provider made before the node died unrecorded is recorded CAPTURED on retry, charged once")
    void captureMadeButNotRecordedIsRecorded() {
      var orderId = newOrderId();
      node.reply(authorization(orderId, "cus_1", "tok_visa"));
      // the node's capture reached the provider, then the node died before writing the outcome
      var made = await(node.provider().capture(orderId + ":capture", PendingOperation.authorizationKey(orderId), AMOUNT));
      assertThat(node.stored(orderId).status()).isEqualTo(PaymentStatus.AUTHORIZED);

      var reply = restartedNode().handle(new CapturePayment(orderId, 2));

      assertThat(reply.status()).isEqualTo(PaymentStatus.CAPTURED);
      assertThat(node.ledger(orderId, "capture")).hasSize(1)
        .allSatisfy(entry -> assertThat(entry.answer()).isEqualTo(made));
      assertThat(node.stored(orderId).history()).extracting(HistoryEntry::event).last().isEqualTo("PaymentCaptured");
      assertThat(node.stored(orderId).history()).extracting(HistoryEntry::detail).last().isEqualTo(made.reference());
    }

    @Test
    @DisplayName("an authorize the provider made while the payment was still PENDING is found again, and the order captured")
    void pendingAuthorizeIsFinished() {
      var orderId = newOrderId();
      var command = authorization(orderId, "cus_1", "tok_slow");
      // the payment stored its authorize, the provider made it, the node died before the outcome was written
      await(new PaymentRepository(node.vertx(), node.mongo()).insertOrFind(
        Payment.start(command, "pay_" + UUID.randomUUID(), Instant.now()), List.of()));
      await(node.provider().authorize(PendingOperation.authorizationKey(orderId), "tok_slow", AMOUNT, "EUR"));

      var restarted = restartedNode();

      assertThat(restarted.handle(new CapturePayment(orderId, 1)).status()).isEqualTo(PaymentStatus.CAPTURED);
      assertThat(node.ledger(orderId, "authorize")).hasSize(1);
      assertThat(node.ledger(orderId, "capture")).hasSize(1);
    }
  }

  @Nested
  @DisplayName("a void before its authorize")
  class VoidFirst {

    @Test
    @DisplayName("succeeds and leaves a tombstone: the late authorize is refused ALREADY_COMPENSATED and holds nothing")
    void lateAuthorizeIsRefused() {
      var orderId = newOrderId();

      var voided = node.reply(new VoidPayment(orderId, 1));

      assertThat(voided.status()).isEqualTo(PaymentStatus.VOIDED);
      assertThat(voided.paymentId()).isNull();
      assertThat(node.refusal(authorization(orderId, "cus_1", "tok_visa"))).isEqualTo(PaymentErrorCode.ALREADY_COMPENSATED);
      assertThat(node.refusal(authorization(orderId, "cus_1", "tok_visa"))).isEqualTo(PaymentErrorCode.ALREADY_COMPENSATED);
      assertThat(node.reply(new VoidPayment(orderId, 2)).status()).isEqualTo(PaymentStatus.VOIDED);
      assertThat(node.refusal(new CapturePayment(orderId, 1))).isEqualTo(PaymentErrorCode.INVALID_STATE);
      // the provider was asked to void by the authorization's key and never authorized
      assertThat(node.ledger(orderId)).extracting(SimulatedCardProvider.LedgerEntry::operation).containsExactly("void");
      assertThat(await(restartedNode().payments.findByOrderId(orderId))).isNull();
    }

    @Test
    @DisplayName("after a failed authorization also refuses the late authorize, as nothing was ever held")
    void voidedFailureRefusesLateAuthorize() {
      var orderId = newOrderId();
      node.refusal(authorization(orderId, "cus_1", "tok_error"));
      node.reply(new VoidPayment(orderId, 1));

      assertThat(node.refusal(authorization(orderId, "cus_1", "tok_visa"))).isEqualTo(PaymentErrorCode.ALREADY_COMPENSATED);
      assertThat(node.ledger(orderId, "authorize")).isEmpty();
    }

    @Test
    @DisplayName("expires after 24 hours by a TTL index that payments never match")
    void tombstoneExpires() {
      var tombstone = newOrderId();
      var paid = newOrderId();
      node.reply(authorization(paid, "cus_1", "tok_visa"));
      var repository = new PaymentRepository(node.vertx(), node.mongo());
      await(repository.insertOrFind(Payment.tombstone(tombstone, "pay_" + UUID.randomUUID(),
        Instant.now().minus(Duration.ofHours(25))), List.of()));

      // the store's TTL monitor deletes what the index covers (embedded-infra's TtlMonitorTest)
      var expiry = await(node.mongo().listIndexes(PaymentRepository.COLLECTION)).stream()
        .map(JsonObject.class::cast).filter(index -> index.getInteger("expireAfterSeconds") != null).toList();
      assertThat(expiry).singleElement().satisfies(index -> {
        assertThat(index.getJsonObject("key").fieldNames()).containsExactly("compensatedAt");
        assertThat(index.getInteger("expireAfterSeconds")).isEqualTo(24 * 3600);
      });
      assertThat(await(node.mongo().findOne(PaymentRepository.COLLECTION, new JsonObject().put("_id", tombstone), null)).getMap())
        .containsKey("compensatedAt");
      assertThat(await(node.mongo().findOne(PaymentRepository.COLLECTION, new JsonObject().put("_id", paid), null)).getMap())
        .isNotEmpty().doesNotContainKey("compensatedAt");
    }
  }

  @Nested
  @DisplayName("attempts")
  class Attempts {

    @Test
    @DisplayName("a late command of an earlier attempt gets the same decision, echoes its own attempt and moves no money")
    void staleAttemptChangesNothing() {
      var orderId = newOrderId();
      var second = node.reply(attempt(authorization(orderId, "cus_1", "tok_visa"), 2));
      var first = node.reply(attempt(authorization(orderId, "cus_1", "tok_visa"), 1));
      node.reply(new CapturePayment(orderId, 3));
      var lateCapture = node.reply(new CapturePayment(orderId, 2));

      assertThat(second.attempt()).isEqualTo(2);
      assertThat(first.attempt()).isEqualTo(1);
      assertThat(first.status()).isEqualTo(second.status()).isEqualTo(PaymentStatus.AUTHORIZED);
      assertThat(first.paymentId()).isEqualTo(second.paymentId());
      assertThat(lateCapture.status()).isEqualTo(PaymentStatus.CAPTURED);
      assertThat(lateCapture.attempt()).isEqualTo(2);
      assertThat(node.ledger(orderId, "authorize")).hasSize(1);
      assertThat(node.ledger(orderId, "capture")).hasSize(1);
    }

    @Test
    @DisplayName("every reply echoes orderId and attempt; an absent attempt is 1, anything but an integer >= 1 is refused")
    void attemptIsReadAndEchoed() {
      var orderId = newOrderId();
      var body = authorization(orderId, "cus_1", "tok_visa").toJson();

      var reply = await(node.send(body.copy().put(PaymentFields.ATTEMPT, 4)));
      var older = await(node.send(body.copy().put(PaymentFields.ATTEMPT, (Object) null)));

      assertThat(reply.getString(PaymentFields.ORDER_ID)).isEqualTo(orderId);
      assertThat(reply.getInteger(PaymentFields.ATTEMPT)).isEqualTo(4);
      assertThat(older.getInteger(PaymentFields.ATTEMPT)).isEqualTo(1);
      for (Object bad : new Object[]{0, -1, "2", 1.5, true}) {
        assertThat(node.refusal(body.copy().put(PaymentFields.ATTEMPT, bad))).as("attempt %s", bad)
          .isEqualTo(PaymentErrorCode.INVALID_MESSAGE);
      }
    }

    private AuthorizePayment attempt(AuthorizePayment command, int attempt) {
      return new AuthorizePayment(command.orderId(), command.customerId(), command.amountMinor(), command.currency(),
        command.paymentMethod(), attempt);
    }
  }

  private RestartedNode restartedNode() {
    return new RestartedNode();
  }

  /** A node restarted on the same databases: nothing in memory. */
  private final class RestartedNode {

    private final Payments payments = new Payments(new PaymentRepository(node.vertx(), node.mongo()),
      new SimulatedCardProvider(node.vertx(), node.providerMongo(), 300), new PaymentCache());

    // on an event loop, as a verticle calls it
    PaymentReply handle(PaymentCommand command) {
      return await(Future.<PaymentReply>future(reply -> context.runOnContext(v -> payments.handle(command).onComplete(reply))));
    }
  }
}
