package org.ordermesh.auth.user;

import io.vertx.core.Future;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.ordermesh.auth.password.PasswordHasher;
import org.ordermesh.platform.http.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the admin account on first start. Without a configured password one is generated and logged
 * once, by the node that created the account; later starts, and nodes that lost the race, change nothing.
 */
public final class AdminSeeder {

  private static final Logger log = LoggerFactory.getLogger(AdminSeeder.class);

  private final UserRepository users;
  private final PasswordHasher hasher;

  public AdminSeeder(UserRepository users, PasswordHasher hasher) {
    this.users = users;
    this.hasher = hasher;
  }

  public Future<Void> seed(String email, String configuredPassword) {
    String normalized = User.normalizeEmail(email);
    return users.findByEmail(normalized).compose(existing -> existing != null
        ? Future.succeededFuture()
        : create(normalized, configuredPassword));
  }

  private Future<Void> create(String email, String configuredPassword) {
    boolean generated = configuredPassword.isEmpty();
    String password = generated ? generatePassword() : configuredPassword;
    return hasher.hash(password)
        .compose(hash -> users.insert(User.create(email, "Administrator", List.of(User.ADMIN), hash)))
        .onSuccess(admin -> {
          if (generated) {
            log.warn("seeded admin account {} with generated password {} (shown once; set ORDERMESH_ADMIN_PASSWORD to choose it)",
                email, password);
          } else {
            log.info("seeded admin account {}", email);
          }
        })
        .<Void>mapEmpty()
        .recover(error -> error instanceof ApiException ? Future.succeededFuture() : Future.failedFuture(error));
  }

  private static String generatePassword() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
