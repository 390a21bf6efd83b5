package org.ordermesh.order.saga;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.auth.AuthService;
import org.ordermesh.catalog.api.CatalogAddresses;
import org.ordermesh.catalog.api.ReservationReply;
import org.ordermesh.order.OrderConfig;
import org.ordermesh.order.order.Order;
import org.ordermesh.order.order.OrderLine;
import org.ordermesh.order.support.OrderSystem;
import org.ordermesh.platform.testing.TestNode;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A participant whose reply names an earlier attempt than the command it answers. The real catalog echoes
 * the command's attempt, so the fault is injected with a fake inventory on the event bus, published in
 * discovery under the inventory's name.
 */
@DisplayName("a stale reply")
class StaleReplyTest {

  private static TestNode node;
  private static final AtomicInteger answerAs = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    // auth issues the order service's token the participants' commands carry
    node = TestNode.start(OrderSystem.settings(new JsonObject()));
    new AuthService().deploy(node.vertx(), node.settings()).await(60, TimeUnit.SECONDS);
    node.vertx().eventBus().<JsonObject>consumer("test.stale-inventory", message -> {
      var attempt = answerAs.get() == 0 ? message.body().getInteger("attempt") : answerAs.get();
      message.reply(ReservationReply.reserved(message.body().getString("orderId"), Instant.now().plusSeconds(600), attempt).toJson());
    }).completion().await(10, TimeUnit.SECONDS);
    node.runtime().registry().publishEventBus(CatalogAddresses.INVENTORY, "test.stale-inventory").await(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  @Test
  @DisplayName("to attempt 2 that names attempt 1 moves nothing; the reply to attempt 2 advances the saga")
  void staleReplyMovesNothing() throws Exception {
    var participants = new Participants(node.vertx(), OrderConfig.from(node.settings()));
    var table = CreateOrderSaga.table(3);
    var decider = new SagaDecider(table);
    var reserve = table.step("reserve-stock");
    var order = Order.place("order-stale-1", "customer-1", List.of(new OrderLine("product-1", "Widget", 100, 1)),
      "EUR", "tok_visa", new JsonObject(), Instant.now(), SagaProgress.start("reserve-stock", Instant.now().plusSeconds(60)));
    var progress = new SagaProgress("reserve-stock", false, null, Instant.now().plusSeconds(60), false, null, new JsonArray());
    var facts = new SagaDecider.Facts(false, Instant.now(), true);

    answerAs.set(1);
    var stale = participants.reserveStock(order, 2).await(10, TimeUnit.SECONDS);
    answerAs.set(0);
    var current = participants.reserveStock(order, 3).await(10, TimeUnit.SECONDS);

    assertThat(decider.decide(progress, facts, new SagaDecider.Outcome(reserve, false, 2, stale)))
      .isInstanceOf(SagaMove.Ignore.class);
    assertThat(decider.decide(progress, facts, new SagaDecider.Outcome(reserve, false, 3, current)))
      .isEqualTo(new SagaMove.Advance("reserve-stock", "DONE"));
  }
}
