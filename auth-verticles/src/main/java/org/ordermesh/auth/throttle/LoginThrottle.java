package org.ordermesh.auth.throttle;

import io.vertx.core.Future;
import io.vertx.ext.mongo.MongoClient;
import java.time.Duration;
import java.time.Instant;
import org.ordermesh.platform.http.ApiException;

/**
 * DESIGN's failed-login limits: 5 failures for one account, or 20 from one address, within 15 minutes;
 * then attempts answer 429 with {@code Retry-After} until that window has passed. A successful login clears
 * the account's count, not the address's.
 */
public final class LoginThrottle {

  static final int ACCOUNT_LIMIT = 5;
  static final int ADDRESS_LIMIT = 20;
  static final Duration WINDOW = Duration.ofMinutes(15);

  private final FailureCounter counter;

  public LoginThrottle(MongoClient mongo) {
    this.counter = new FailureCounter(mongo);
  }


  public Future<Void> ensureIndexes() {
    return counter.ensureIndexes();
  }

  /** Fails with 429 when the account or the address has used up its attempts. */
  public Future<Void> check(String email, String address) {
    Instant now = Instant.now();
    return Future.all(counter.current(accountKey(email), now, WINDOW), counter.current(addressKey(address), now, WINDOW))
        .compose(windows -> {
          long retryAfter = Math.max(
              retryAfter(windows.resultAt(0), ACCOUNT_LIMIT, now), retryAfter(windows.resultAt(1), ADDRESS_LIMIT, now));
          return retryAfter > 0 ? Future.failedFuture(ApiException.tooManyRequests(retryAfter)) : Future.succeededFuture();
        });
  }

  public Future<Void> recordFailure(String email, String address) {
    Instant now = Instant.now();
    return Future.all(counter.recordFailure(accountKey(email), now, WINDOW),
        counter.recordFailure(addressKey(address), now, WINDOW)).mapEmpty();
  }

  public Future<Void> recordSuccess(String email) {
    return counter.clear(accountKey(email));
  }

  private static long retryAfter(FailureCounter.Window window, int limit, Instant now) {
    if (window == null || window.failures() < limit) {
      return 0;
    }
    return Math.max(1, Duration.between(now, window.endsAt()).toSeconds() + 1);
  }

  private static String accountKey(String email) {
    return "account:" + email;
  }

  private static String addressKey(String address) {
    return "address:" + address;
  }
}
