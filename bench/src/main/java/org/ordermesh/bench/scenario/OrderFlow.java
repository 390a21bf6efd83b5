package org.ordermesh.bench.scenario;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.ordermesh.bench.node.Fixtures;
import org.ordermesh.bench.run.Shot;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One customer order, end to end: {@code POST /orders} with a fresh {@code Idempotency-Key} (marked
 * {@code accepted} at its 202), then watched until it is final: the status feed ({@code /events}, which ends
 * at a final status) or polling {@code GET /orders/{id}}. Succeeds at CONFIRMED; CANCELLED is an error.
 */
final class OrderFlow {

  private static final int CONFIRM_TIMEOUT_MILLIS = 60_000;

  private final String gateway;
  private final List<String> productIds;
  private final Fixtures fixtures;
  private final boolean poll;
  private final long pollMillis;
  private final java.util.concurrent.atomic.AtomicLong placed = new java.util.concurrent.atomic.AtomicLong();

  OrderFlow(String gateway, List<String> productIds, Fixtures fixtures, String confirm, long pollMillis) {
    this.gateway = gateway;
    this.productIds = productIds;
    this.fixtures = fixtures;
    this.poll = "poll".equals(confirm);
    this.pollMillis = pollMillis;
  }

  static JsonObject body(String productId) {
    return new JsonObject()
        .put("items", new JsonArray().add(new JsonObject().put("productId", productId).put("quantity", 1)))
        .put("paymentMethod", "tok_visa")
        .put("shippingAddress", new JsonObject().put("name", "Bench Customer").put("line1", "1 Load Street")
            .put("city", "London").put("postalCode", "EC1A 1BB").put("country", "GB"));
  }

  /** Places an order as a random customer; the future holds its id once the order service answered 202. */
  Future<String> place(WebClient client, String token) {
    return post(client, token, UUID.randomUUID().toString()).compose(Bench.expect(202))
        .map(response -> {
          placed.incrementAndGet();
          return response.bodyAsJsonObject().getString("id");
        });
  }

  /**
   * Places an order, and again with the same key after {@code Retry-After} while the node answers 503 at the
   * door (each counted in {@code refusals}); the future holds its id at the 202.
   */
  Future<String> placeRetried(WebClient client, io.vertx.core.Vertx vertx, String token, String key,
                              java.util.concurrent.atomic.AtomicLong refusals) {
    return post(client, token, key).compose(response -> {
      if (response.statusCode() == 503) {
        refusals.incrementAndGet();
        long wait = 1_000L * Long.parseLong(java.util.Objects.requireNonNullElse(response.getHeader("Retry-After"), "1"));
        return vertx.timer(wait).compose(v -> placeRetried(client, vertx, token, key, refusals));
      }
      return Bench.expect(202).apply(response).map(r -> r.bodyAsJsonObject().getString("id"));
    });
  }

  /** Waits on the order's status feed until it is final: succeeds at CONFIRMED. */
  Future<Void> untilFinal(WebClient client, String token, String id) {
    return feed(client, token, id);
  }

  private Future<io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>> post(WebClient client, String token,
                                                                                        String key) {
    String productId = productIds.get(ThreadLocalRandom.current().nextInt(productIds.size()));
    return client.postAbs(gateway + "/api/v1/orders").bearerTokenAuthentication(token)
        .putHeader("Idempotency-Key", key).timeout(CONFIRM_TIMEOUT_MILLIS)
        .sendJsonObject(body(productId));
  }

  /** Orders this flow has placed (answered 202) so far, warm-up included. */
  long placed() {
    return placed.get();
  }

  String randomToken() {
    List<String> tokens = fixtures.customerTokens();
    return tokens.get(ThreadLocalRandom.current().nextInt(tokens.size()));
  }

  Future<?> run(Shot shot) {
    String token = randomToken();
    return place(shot.client(), token).compose(id -> {
      shot.mark("accepted");
      return poll ? pollUntilFinal(shot, token, id) : watchFeed(shot, token, id);
    });
  }

  private Future<Void> watchFeed(Shot shot, String token, String id) {
    return feed(shot.client(), token, id);
  }

  private Future<Void> feed(WebClient client, String token, String id) {
    return client.getAbs(gateway + "/api/v1/orders/" + id + "/events").bearerTokenAuthentication(token)
        .putHeader("Accept", "text/event-stream").timeout(CONFIRM_TIMEOUT_MILLIS).send().compose(Bench.expect(200))
        .compose(response -> {
          String last = null;
          for (String line : response.bodyAsString().split("\n")) {
            if (line.startsWith("data:")) {
              last = line.substring(5).trim();
            }
          }
          return last == null ? Future.failedFuture("feed ended without a status") : outcome(new JsonObject(last));
        });
  }

  private Future<Void> pollUntilFinal(Shot shot, String token, String id) {
    Promise<Void> done = Promise.promise();
    long deadline = System.nanoTime() + CONFIRM_TIMEOUT_MILLIS * 1_000_000L;
    pollOnce(shot, token, id, deadline, done);
    return done.future();
  }

  private void pollOnce(Shot shot, String token, String id, long deadline, Promise<Void> done) {
    shot.client().getAbs(gateway + "/api/v1/orders/" + id).bearerTokenAuthentication(token).send()
        .compose(Bench.expect(200)).onFailure(done::fail).onSuccess(response -> {
          JsonObject order = response.bodyAsJsonObject();
          if (!"PENDING".equals(order.getString("status"))) {
            outcome(order).onComplete(done);
          } else if (System.nanoTime() > deadline) {
            done.fail("still PENDING after " + CONFIRM_TIMEOUT_MILLIS + " ms");
          } else {
            shot.vertx().setTimer(pollMillis, t -> pollOnce(shot, token, id, deadline, done));
          }
        });
  }

  private static Future<Void> outcome(JsonObject status) {
    return "CONFIRMED".equals(status.getString("status"))
        ? Future.succeededFuture()
        : Future.failedFuture(status.getString("status") + " " + status.getString("reason", ""));
  }
}
