package org.ordermesh.order.idempotency;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.ordermesh.platform.http.ApiException;

import java.time.Instant;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A creating POST made safe to retry with an {@code Idempotency-Key}: the first request with a key does
 * the work and its answer is kept; the same key and body get that answer again with
 * {@code Idempotent-Replayed: true}; the same key with another body gets 422; a duplicate that arrives
 * while the first is still being answered gets 409 with {@code Retry-After}.
 *
 * <p>The work comes in two parts: {@link Prepared preparing} decides everything and the answer, writing
 * nothing (so a refusal there leaves no key behind), then the key is written once, with that answer, and
 * then the resource. A duplicate replays the answer once the resource exists; a first request that died
 * between the key and the resource is taken over after the in-flight limit, with the same id.
 */
public final class IdempotentPost {

  public static final String HEADER = "Idempotency-Key";
  public static final String REPLAYED = "Idempotent-Replayed";
  private static final Pattern VALID_KEY = Pattern.compile("^[\\x21-\\x7E]{1,255}$");
  private static final long RETRY_AFTER_SECONDS = 1;

  /**
   * A creation decided but not written: the resource it will answer with, and the write, which answers
   * the resource as written (an earlier attempt's, if one got there first).
   */
  public record Prepared(JsonObject created, Supplier<Future<JsonObject>> write) {
  }

  private final IdempotencyKeys keys;
  private final Duration inFlightLimit;

  public IdempotentPost(IdempotencyKeys keys, Duration inFlightLimit) {
    this.keys = keys;
    this.inFlightLimit = inFlightLimit;
  }

  /**
   * @param prepare  decides the creation for the id the key stands for, writing nothing
   * @param exists   whether the resource with that id was written
   * @param location the created resource's path
   */
  public Future<Void> handle(RoutingContext ctx, String caller, JsonObject body, Function<String, Future<Prepared>> prepare,
                             Function<String, Future<Boolean>> exists, Function<JsonObject, String> location) {
    var key = ctx.request().getHeader(HEADER);
    if (key == null || !VALID_KEY.matcher(key).matches()) {
      throw ApiException.invalid(HEADER, "is required: 1 to 255 visible characters");
    }
    var id = Fingerprint.sha256(caller + "\n" + key);
    var fingerprint = Fingerprint.of(body);
    var resourceId = UUID.randomUUID().toString();
    return prepare.apply(resourceId).compose(prepared -> {
      var answer = accepted(prepared.created(), location);
      return keys.claim(id, fingerprint, resourceId, answer, Instant.now()).compose(claim -> {
        if (claim instanceof IdempotencyKeys.Claim.Granted) {
          return create(ctx, id, prepared, answer, location);
        }
        if (claim instanceof IdempotencyKeys.Claim.Used used) {
          return used(ctx, id, used, prepare, exists, location);
        }
        if (claim instanceof IdempotencyKeys.Claim.Mismatch) {
          return Future.failedFuture(ApiException.unprocessable(HEADER + " was already used with another request body")
            .withType("idempotency-key-reused"));
        }
        return Future.failedFuture(inFlight());
      });
    });
  }

  // a store failure here leaves the key in flight: a retry after the limit takes over with the same id
  private Future<Void> create(RoutingContext ctx, String id, Prepared prepared, StoredResponse answer,
                              Function<JsonObject, String> location) {
    return prepared.write().get().compose(written -> {
      var actual = accepted(written, location);
      return actual.equals(answer) ? send(ctx, answer, false)
        : keys.answered(id, actual).compose(kept -> send(ctx, actual, false));
    });
  }

  private Future<Void> used(RoutingContext ctx, String id, IdempotencyKeys.Claim.Used used,
                            Function<String, Future<Prepared>> prepare, Function<String, Future<Boolean>> exists,
                            Function<JsonObject, String> location) {
    return exists.apply(used.orderId()).compose(written -> {
      if (written) {
        return send(ctx, used.response(), true);
      }
      var now = Instant.now();
      if (used.startedAt().plus(inFlightLimit).isAfter(now)) {
        return Future.failedFuture(inFlight());
      }
      return prepare.apply(used.orderId()).compose(prepared -> {
        var answer = accepted(prepared.created(), location);
        return keys.takeOver(id, used, answer, now).compose(taken -> taken
          ? create(ctx, id, prepared, answer, location)
          : Future.failedFuture(inFlight()));
      });
    });
  }

  private static StoredResponse accepted(JsonObject created, Function<JsonObject, String> location) {
    return new StoredResponse(202, "application/json", created.encode(), Objects.requireNonNull(location.apply(created)));
  }

  private static ApiException inFlight() {
    return ApiException.conflict("a request with this " + HEADER + " is still being processed")
      .withType("idempotency-key-in-flight").withRetryAfter(RETRY_AFTER_SECONDS);
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
