package org.ordermesh.bench.scenario;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderGrowthTest {

  @Test
  @DisplayName("the outbox backlog is summed over every service of a scrape, other series ignored")
  void sumsTheOutboxBacklog() {
    String scrape = """
        # HELP ordermesh_outbox_backlog events in the outbox not yet published
        # TYPE ordermesh_outbox_backlog gauge
        ordermesh_outbox_backlog{service="catalog"} 0.0
        ordermesh_outbox_backlog{service="order"} 3.0
        ordermesh_outbox_backlog{service="payment"} 1.0
        ordermesh_kafka_consumer_lag{group="ordermesh_order.payment-refunds",topic="payment.events.v1"} 10.0
        """;

    assertThat(OrderGrowth.outboxBacklog(scrape)).isEqualTo(4.0);
    assertThat(OrderGrowth.outboxBacklog("ordermesh_outbox_backlog{service=\"order\"} 0.0\n")).isZero();
  }
}
