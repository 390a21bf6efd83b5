package org.ordermesh.order;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.order.support.OrderSystem;
import org.ordermesh.platform.testing.Await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordermesh.order.support.OrderSystem.await;
import static org.ordermesh.order.support.OrderSystem.orderBody;

/**
 * Two nodes on the same databases with no event bus between them, as two pods whose cluster link is down:
 * what one node's streams learn of the other's changes comes through the change stream of the orders.
 */
@DisplayName("order status streams across nodes and restarts")
class OrderStatusFeedTest {

  private static final Duration BOUND = Duration.ofSeconds(60);

  private static OrderSystem here;
  private static OrderSystem there;
  private static HttpClient http;

  @BeforeAll
  static void start() {
    // a card that answers after 6 s keeps each order PENDING while a test streams and restarts
    var settings = OrderSystem.settings(new JsonObject()
      .put("ORDERMESH_PAYMENT_SLOW_MS", 6_000).put("ORDERMESH_PAYMENT_PROVIDER_TIMEOUT_MS", 30_000)
      .put("ORDERMESH_PAYMENT_TIMEOUT_MS", 30_000)
      .put("ORDERMESH_SIGNING_KEY_PASSPHRASE", "order-status-feed-test-passphrase"));
    here = OrderSystem.start(settings);
    there = OrderSystem.start(settings);
    http = here.node.vertx().createHttpClient();
  }

  @AfterAll
  static void stop() throws Exception {
    await(http.close());
    there.close();
    here.close();
  }

  @Test
  @DisplayName("a stream on one node gets a status change made on another")
  void followsAnotherNode() {
    var customer = here.newCustomer();
    var orderId = placedThere(customer);

    var stream = await(EventStream.open(here, orderId, customer, null));
    Await.until(BOUND, () -> stream.ids().contains(1L));
    // still PENDING once the stream has read the order: CONFIRMED can only reach it as a change
    assertThat(here.order(customer, orderId).getString("status")).isEqualTo("PENDING");

    Await.until(BOUND, () -> stream.ended);
    assertThat(stream.ids()).containsExactly(1L, 2L);
    assertThat(stream.events.get(1).getString("status")).isEqualTo("CONFIRMED");
  }

  @Test
  @DisplayName("a stream resumed with Last-Event-ID after the order service restarted gets exactly the changes it missed")
  void resumesAcrossARestart() {
    var customer = here.newCustomer();
    var orderId = placedThere(customer);
    var first = await(EventStream.open(here, orderId, customer, null));
    Await.until(BOUND, () -> first.ids().contains(1L));
    first.close();

    here.restartOrderService();
    var resumed = await(EventStream.open(here, orderId, customer, "1"));
    Await.until(BOUND, () -> resumed.ended);
    var elsewhere = await(EventStream.open(there, orderId, customer, "1"));
    Await.until(BOUND, () -> elsewhere.ended);
    var caughtUp = await(EventStream.open(here, orderId, customer, "2"));
    Await.until(BOUND, () -> caughtUp.ended);

    assertThat(first.ids()).containsExactly(1L);
    assertThat(resumed.ids()).containsExactly(2L);
    assertThat(resumed.events.get(0).getString("status")).isEqualTo("CONFIRMED");
    assertThat(elsewhere.ids()).containsExactly(2L);
    assertThat(caughtUp.ids()).isEmpty();
  }

  @Test
  @DisplayName("a Last-Event-ID that is not a status sequence number is answered 400 problem+json")
  void refusesABadLastEventId() {
    var customer = here.newCustomer();
    var orderId = placedThere(customer);

    var refused = await(http.request(EventStream.options(here, orderId, customer, "abc")).compose(request -> request.send()));

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.getHeader("Content-Type")).startsWith("application/problem+json");
  }

  private static String placedThere(String customer) {
    var productId = here.product("4.00", 10);
    var placed = await(there.placeOrder(customer, UUID.randomUUID().toString(), orderBody(productId, 1, "tok_slow")));
    assertThat(placed.statusCode()).as(placed.bodyAsString()).isEqualTo(202);
    return placed.bodyAsJsonObject().getString("id");
  }

  /** A server-sent events client: the status events it got (with their ids), and whether the server ended the stream. */
  private static final class EventStream {

    final List<JsonObject> events = new CopyOnWriteArrayList<>();
    volatile boolean ended;
    private HttpClientResponse response;
    private String unread = "";

    static RequestOptions options(OrderSystem node, String orderId, String token, String lastEventId) {
      var options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(node.port("order"))
        .setURI("/api/v1/orders/" + orderId + "/events").putHeader("Authorization", "Bearer " + token);
      return lastEventId == null ? options : options.putHeader("Last-Event-ID", lastEventId);
    }

    static Future<EventStream> open(OrderSystem node, String orderId, String token, String lastEventId) {
      var stream = new EventStream();
      return http.request(options(node, orderId, token, lastEventId)).compose(request -> request.send()).map(response -> {
        assertThat(response.statusCode()).isEqualTo(200);
        stream.response = response;
        response.handler(chunk -> stream.read(chunk.toString()));
        response.endHandler(end -> stream.ended = true);
        return stream;
      });
    }

    List<Long> ids() {
      return events.stream().map(event -> event.getLong("id")).toList();
    }

    void close() {
      response.request().connection().close();
    }

    private void read(String chunk) {
      unread += chunk;
      int end;
      while ((end = unread.indexOf("\n\n")) >= 0) {
        var block = unread.substring(0, end);
        unread = unread.substring(end + 2);
        Long id = null;
        JsonObject data = null;
        for (var line : block.split("\n")) {
          if (line.startsWith("id: ")) {
            id = Long.parseLong(line.substring(4));
          } else if (line.startsWith("data: ")) {
            data = new JsonObject(line.substring(6));
          }
        }
        if (id != null && data != null) {
          events.add(data.put("id", id));
        }
      }
    }
  }
}
