package org.ordermesh.payment;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.ordermesh.payment.api.CapturePayment;
import org.ordermesh.payment.api.PaymentEvents;
import org.ordermesh.payment.api.RefundPayment;
import org.ordermesh.payment.api.VoidPayment;
import org.ordermesh.payment.payment.Decision;
import org.ordermesh.payment.payment.Payment;
import org.ordermesh.payment.payment.PaymentRepository;
import org.ordermesh.payment.provider.ProviderAnswer;
import org.ordermesh.payment.support.PaymentNode;
import org.ordermesh.platform.mongo.MongoClients;
import org.ordermesh.platform.outbox.Outbox;
import org.ordermesh.platform.outbox.OutboxEvent;
import org.ordermesh.platform.outbox.TopicRecords;
import org.ordermesh.platform.testing.Await;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordermesh.payment.support.PaymentNode.AMOUNT;
import static org.ordermesh.payment.support.PaymentNode.authorization;
import static org.ordermesh.payment.support.PaymentNode.await;
import static org.ordermesh.payment.support.PaymentNode.newOrderId;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("payment.events.v1")
class PaymentEventsTest {

  private static final Duration WAIT = Duration.ofSeconds(15);

  private PaymentNode payments;
  private TopicRecords kafka;

  @BeforeAll
  void start() {
    payments = PaymentNode.start();
    kafka = TopicRecords.of(payments.vertx(), PaymentEvents.TOPIC);
  }

  @AfterAll
  void stop() throws Exception {
    kafka.close();
    payments.close();
  }

  @Test
  @DisplayName("an authorization and its capture publish PaymentAuthorized then PaymentCaptured as CloudEvents, and leave the outbox empty")
  void captureIsPublished() {
    var orderId = newOrderId();
    var paymentId = payments.reply(authorization(orderId, "cus_1", "tok_visa")).paymentId();
    payments.reply(new CapturePayment(orderId, 1));

    Await.until(WAIT, () -> typesOf(orderId).size() == 2);
    assertThat(typesOf(orderId)).containsExactly(PaymentEvents.AUTHORIZED, PaymentEvents.CAPTURED);
    var captured = eventOf(orderId, PaymentEvents.CAPTURED);
    assertThat(captured.getString("specversion")).isEqualTo("1.0");
    assertThat(captured.getString("source")).isEqualTo("/ordermesh/payment");
    assertThat(captured.getJsonObject("data")).isEqualTo(new JsonObject().put("paymentId", paymentId)
      .put("orderId", orderId).put("customerId", "cus_1").put("amountMinor", AMOUNT).put("currency", "EUR")
      .put("status", "CAPTURED"));
    Await.until(WAIT, () -> payments.pendingEvents(orderId) == 0);
  }

  @Test
  @DisplayName("a refund publishes PaymentRefunded with the total refunded so far")
  void refundIsPublished() {
    var orderId = newOrderId();
    payments.reply(authorization(orderId, "cus_1", "tok_visa"));
    payments.reply(new CapturePayment(orderId, 1));
    payments.reply(new RefundPayment(orderId, 700, "r1", 1));

    Await.until(WAIT, () -> typesOf(orderId).contains(PaymentEvents.REFUNDED));
    var data = eventOf(orderId, PaymentEvents.REFUNDED).getJsonObject("data");
    assertThat(data.getString("status")).isEqualTo("PARTIALLY_REFUNDED");
    assertThat(data.getLong("refundedMinor")).isEqualTo(700L);
  }

  @Test
  @DisplayName("a declined card publishes PaymentDeclined; a provider error PaymentFailed, and its void PaymentVoided")
  void declinesFailuresAndVoidsArePublished() {
    var declined = newOrderId();
    payments.reply(authorization(declined, "cus_1", "tok_declined"));
    var failed = newOrderId();
    payments.refusal(authorization(failed, "cus_1", "tok_error"));
    payments.reply(new VoidPayment(failed, 1));

    Await.until(WAIT, () -> typesOf(declined).size() == 1 && typesOf(failed).size() == 2);
    assertThat(typesOf(declined)).containsExactly(PaymentEvents.DECLINED);
    assertThat(typesOf(failed)).containsExactly(PaymentEvents.FAILED, PaymentEvents.VOIDED);
  }

  @Test
  @DisplayName("a transition keeps the events earlier ones left in the outbox")
  void pendingEventsSurviveTheNextTransition() {
    // a database no relay reads, so the events stay where the writes put them
    var mongo = MongoClients.shared(payments.vertx(), payments.testNode().runtime().config().mongoUri(),
      "payment_unrelayed_" + UUID.randomUUID().toString().substring(0, 8));
    var repository = new PaymentRepository(payments.vertx(), mongo);
    var orderId = newOrderId();
    var now = Instant.now();
    var started = await(repository.insertOrFind(Payment.start(authorization(orderId, "cus_1", "tok_visa"), "pay_1", now), List.of()));
    var authorized = await(repository.update(started, started.complete(ProviderAnswer.approved("auth_1"), now), List.of(event(orderId))));
    var capturing = ((Decision.Begin) authorized.decide(new CapturePayment(orderId, 1), now)).next();
    await(repository.update(authorized, capturing, List.of(event(orderId))));

    var document = await(mongo.findOne(PaymentRepository.COLLECTION, new JsonObject().put("_id", orderId), null));
    assertThat(document.getJsonArray(Outbox.FIELD)).hasSize(2);
    assertThat(document.getLong("version")).isEqualTo(2L);
  }

  private static OutboxEvent event(String orderId) {
    return OutboxEvent.of("org.ordermesh.test.Noted.v1", orderId, new JsonObject());
  }

  // by event id: the relay publishes at least once, so an event may arrive twice
  private List<String> typesOf(String orderId) {
    var types = new LinkedHashMap<String, String>();
    kafka.envelopes().stream().filter(event -> orderId.equals(event.getString("subject")))
      .forEach(event -> types.putIfAbsent(event.getString("id"), event.getString("type")));
    return List.copyOf(types.values());
  }

  private JsonObject eventOf(String orderId, String type) {
    return kafka.envelopes().stream()
      .filter(event -> orderId.equals(event.getString("subject")) && type.equals(event.getString("type")))
      .findFirst().orElseThrow();
  }
}
