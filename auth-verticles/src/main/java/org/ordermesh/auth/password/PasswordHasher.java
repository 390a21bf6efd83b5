package org.ordermesh.auth.password;

import io.vertx.core.Future;
import java.util.UUID;

/**
 * Password hashing off the event loop. An unknown account is checked against a dummy hash of the same cost,
 * so a wrong email takes as long as a wrong password and response times do not tell which accounts exist.
 */
public final class PasswordHasher {

  private final CryptoWorkers workers;
  private final Argon2id argon2;
  private final Future<String> dummyHash;

  public PasswordHasher(CryptoWorkers workers, Argon2Params params) {
    this.workers = workers;
    this.argon2 = new Argon2id(params);
    this.dummyHash = workers.run(() -> argon2.hash(UUID.randomUUID().toString()));
  }

  public Future<String> hash(String password) {
    return workers.admit(() -> argon2.hash(password));
  }

  /** Whether the password matches; a null hash (no such account) is checked against the dummy and never matches. */
  public Future<Boolean> verify(String password, String encodedHash) {
    if (encodedHash == null) {
      return dummyHash.compose(dummy -> workers.admit(() -> {
        argon2.verify(password, dummy);
        return false;
      }));
    }
    return workers.admit(() -> argon2.verify(password, encodedHash));
  }
}
