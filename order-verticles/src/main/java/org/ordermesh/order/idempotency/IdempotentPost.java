package org.ordermesh.order.idempotency;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.ordermesh.platform.http.ApiException;
import org.ordermesh.platform.peer.PeerRejectedException;
import org.ordermesh.platform.peer.PeerUnavailableException;

import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A creating POST made safe to retry with an {@code Idempotency-Key}: the first request with a key does
 * the work and its answer is kept; the same key and body get that answer again with
 * {@code Idempotent-Replayed: true}; the same key with another body gets 422; a duplicate that arrives
 * while the first is still being answered gets 409 with {@code Retry-After}.
 */
public final class IdempotentPost {

  public static final String HEADER = "Idempotency-Key";
  public static final String REPLAYED = "Idempotent-Replayed";
  private static final Pattern VALID_KEY = Pattern.compile("^[\\x21-\\x7E]{1,255}$");
  private static final long RETRY_AFTER_SECONDS = 1;

  private final IdempotencyKeys keys;

  public IdempotentPost(IdempotencyKeys keys) {
    this.keys = keys;
  }

  /**
   * @param create   does the work with the id the key stands for, answering the created resource
   * @param location the created resource's path
   */
  public Future<Void> handle(RoutingContext ctx, String caller, JsonObject body,
                             Function<String, Future<JsonObject>> create, Function<JsonObject, String> location) {
    var key = ctx.request().getHeader(HEADER);
    if (key == null || !VALID_KEY.matcher(key).matches()) {
      throw ApiException.invalid(HEADER, "is required: 1 to 255 visible characters");
    }
    var id = Fingerprint.sha256(caller + "\n" + key);
    return keys.claim(id, Fingerprint.of(body), UUID.randomUUID().toString(), Instant.now()).compose(claim -> {
      if (claim instanceof IdempotencyKeys.Claim.Granted granted) {
        return create.apply(granted.orderId())
          .map(created -> new StoredResponse(202, "application/json", created.encode(), location.apply(created)))
          .compose(response -> keys.complete(id, response).map(response))
          .recover(error -> forget(id, error).transform(v -> Future.failedFuture(error)))
          .compose(response -> send(ctx, response, false));
      }
      if (claim instanceof IdempotencyKeys.Claim.Replay replay) {
        return send(ctx, replay.response(), true);
      }
      if (claim instanceof IdempotencyKeys.Claim.Mismatch) {
        return Future.failedFuture(ApiException.unprocessable(HEADER + " was already used with another request body")
          .withType("idempotency-key-reused"));
      }
      return Future.failedFuture(ApiException.conflict("a request with this " + HEADER + " is still being processed")
        .withType("idempotency-key-in-flight").withRetryAfter(RETRY_AFTER_SECONDS));
    });
  }

  /**
   * A request refused before it wrote anything (bad input, a peer unavailable) may start over at once,
   * so its key is forgotten. After a store failure the order may or may not have been written: the key
   * stays in flight, and a retry after the in-flight limit takes over with the same order id.
   */
  private Future<Void> forget(String id, Throwable error) {
    var wroteNothing = error instanceof ApiException || error instanceof PeerUnavailableException
      || error instanceof PeerRejectedException;
    return wroteNothing ? keys.abandon(id) : Future.succeededFuture();
  }

  private static Future<Void> send(RoutingContext ctx, StoredResponse response, boolean replayed) {
    var http = ctx.response().setStatusCode(response.status())
      .putHeader(HttpHeaders.CONTENT_TYPE, response.contentType());
    if (response.location() != null) {
      http.putHeader(HttpHeaders.LOCATION, response.location());
    }
    if (replayed) {
      http.putHeader(REPLAYED, "true");
    }
    return http.end(response.body());
  }
}
