package org.ordermesh.auth.throttle;

import io.vertx.core.Future;
import io.vertx.ext.mongo.MongoClient;
import java.time.Duration;
import java.time.Instant;
import org.ordermesh.platform.http.ApiException;

/**
 * DESIGN's failed-login limits: 5 failures for one account, or 20 from one address, within 15 minutes;
 * then attempts answer 429 with {@code Retry-After} until that window has passed. Each attempt takes a slot
 * before the secret is checked and gives it back when the secret was right, so parallel guesses get no more
 * checks than the limits. Client secrets are limited the same way per client id; registrations per address
 * (every one counts, since each costs a hash).
 */
public final class LoginThrottle {

  static final int ACCOUNT_LIMIT = 5;
  static final int ADDRESS_LIMIT = 20;
  static final Duration WINDOW = Duration.ofMinutes(15);

  private final FailureCounter counter;
  private final int registrationLimit;

  /** {@code registrationLimit}: registrations per address per window ({@code ORDERMESH_AUTH_REGISTRATIONS_PER_ADDRESS}). */
  public LoginThrottle(MongoClient mongo, int registrationLimit) {
    this.counter = new FailureCounter(mongo);
    this.registrationLimit = registrationLimit;
  }


  public Future<Void> ensureIndexes() {
    return counter.ensureIndexes();
  }

  /** Takes a password attempt for the account and the address; 429 when either has none left. */
  public Future<Void> beginLogin(String email, String address) {
    return begin(accountKey(email), ACCOUNT_LIMIT, address);
  }

  /** The password was right: the account starts afresh and the address gets its slot back. */
  public Future<Void> loginSucceeded(String email, String address) {
    return Future.all(counter.clear(accountKey(email)), counter.giveBack(addressKey(address))).mapEmpty();
  }

  /** The password could not be checked (crypto pool full, store down): both slots go back. */
  public Future<Void> loginNotChecked(String email, String address) {
    return Future.all(counter.giveBack(accountKey(email)), counter.giveBack(addressKey(address))).mapEmpty();
  }

  /** Takes a client-secret attempt for the client and the address; 429 when either has none left. */
  public Future<Void> beginClientAuthentication(String clientId, String address) {
    return begin("client:" + clientId, ACCOUNT_LIMIT, address);
  }

  /** The secret was right, or could not be checked: both slots go back (a client has nobody to lock out). */
  public Future<Void> giveBackClientAttempt(String clientId, String address) {
    return Future.all(counter.giveBack("client:" + clientId), counter.giveBack(addressKey(address))).mapEmpty();
  }

  /** Takes a registration for the address; 429 when it has none left. */
  public Future<Void> beginRegistration(String address) {
    return counter.take("register:" + address, registrationLimit, Instant.now(), WINDOW).compose(LoginThrottle::admitted);
  }

  /** A registration that did nothing (refused before its hash) gives its slot back. */
  public Future<Void> registrationNotAttempted(String address) {
    return counter.giveBack("register:" + address);
  }

  private Future<Void> begin(String subjectKey, int subjectLimit, String address) {
    Instant now = Instant.now();
    return counter.take(subjectKey, subjectLimit, now, WINDOW).compose(subjectWait -> subjectWait > 0
        ? admitted(subjectWait)
        : counter.take(addressKey(address), ADDRESS_LIMIT, now, WINDOW).compose(addressWait -> addressWait > 0
            ? counter.giveBack(subjectKey).compose(v -> admitted(addressWait))
            : Future.succeededFuture()));
  }

  private static Future<Void> admitted(long retryAfter) {
    return retryAfter > 0 ? Future.failedFuture(ApiException.tooManyRequests(retryAfter)) : Future.succeededFuture();
  }

  private static String accountKey(String email) {
    return "account:" + email;
  }

  private static String addressKey(String address) {
    return "address:" + address;
  }
}
