package org.ordermesh.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MetricsTest {

  @Test
  void addressesEndingInAnEntityIdShareOneLabelValue() throws Exception {
    var registryName = "metrics-test-" + UUID.randomUUID();
    var vertx = Vertx.builder()
      .with(new VertxOptions().setMetricsOptions(Metrics.options(registryName)))
      .withMetrics(new MicrometerMetricsFactory())
      .build();
    try {
      for (var i = 0; i < 3; i++) {
        var address = "extension.order." + UUID.randomUUID();
        vertx.eventBus().localConsumer(address, message -> message.reply("ok")).completion()
          .compose(v -> vertx.eventBus().request(address, "ping"))
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
      vertx.eventBus().localConsumer("catalog.products", message -> message.reply("ok")).completion()
        .compose(v -> vertx.eventBus().request("catalog.products", "ping"))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

      var addresses = Metrics.registry(registryName).getMeters().stream()
        .map(Meter::getId)
        .filter(id -> id.getName().startsWith("vertx.eventbus"))
        .map(id -> id.getTag("address"))
        .filter(address -> address != null)
        .distinct()
        .toList();
      assertThat(addresses).contains(Metrics.ENTITY_ADDRESS, "catalog.products");
      assertThat(addresses).noneMatch(address -> address.startsWith("extension.order."));
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
