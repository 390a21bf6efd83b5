package org.ordermesh.order.feed;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("the node's stream registry")
class StreamRegistryTest {

  private record Wake(String stream, long seq, JsonObject change, boolean onItsContext) {
  }

  @Test
  @DisplayName("wakes only the streams of the changed order, each on the context it watched from")
  void wakesTheOrdersStreamsOnTheirContexts(Vertx vertx, VertxTestContext test) throws Exception {
    var registry = StreamRegistry.forNode(vertx);
    var wakes = new CopyOnWriteArrayList<Wake>();
    var done = test.checkpoint(2);
    var first = vertx.getOrCreateContext();
    var second = vertx.getOrCreateContext();
    watch(registry, first, "order-a", "a1", wakes, done::flag);
    watch(registry, second, "order-a", "a2", wakes, done::flag);
    watch(registry, first, "order-b", "b1", wakes, done::flag);
    var change = new JsonObject().put("status", "CONFIRMED");

    registry.changed("order-a", 2, change);

    assertThat(test.awaitCompletion(10, TimeUnit.SECONDS)).isTrue();
    assertThat(wakes).containsExactlyInAnyOrder(new Wake("a1", 2, change, true), new Wake("a2", 2, change, true));
  }

  @Test
  @DisplayName("a stream that stopped watching is not woken by a later change; a resync wakes every other to re-read")
  void endedWatchesAreNotWoken(Vertx vertx, VertxTestContext test) throws Exception {
    var registry = StreamRegistry.forNode(vertx);
    var wakes = new CopyOnWriteArrayList<Wake>();
    var done = test.checkpoint(3);
    var context = vertx.getOrCreateContext();
    var ended = watch(registry, context, "order-c", "c1", wakes, done::flag);
    watch(registry, context, "order-c", "c2", wakes, done::flag);
    watch(registry, context, "order-d", "d1", wakes, done::flag);
    ended.run();

    registry.changed("order-c", 3, null);
    registry.resync();

    assertThat(test.awaitCompletion(10, TimeUnit.SECONDS)).isTrue();
    // on one context the change and the resync come in the order they were made
    assertThat(wakes).filteredOn(wake -> wake.stream().equals("c2"))
      .containsExactly(new Wake("c2", 3, null, true), new Wake("c2", Long.MAX_VALUE, null, true));
    assertThat(wakes).filteredOn(wake -> !wake.stream().equals("c2")).containsExactly(new Wake("d1", Long.MAX_VALUE, null, true));
  }

  private static Runnable watch(StreamRegistry registry, Context context, String orderId, String stream,
                                List<Wake> wakes, Runnable woken) {
    return registry.watch(context, orderId, (seq, change) -> {
      wakes.add(new Wake(stream, seq, change, Vertx.currentContext() == context));
      woken.run();
    });
  }
}
