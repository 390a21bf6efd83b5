package org.ordermesh.auth.token;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import org.ordermesh.platform.mongo.MongoDates;
import org.ordermesh.platform.http.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * Opaque refresh tokens (256 random bits, base64url), stored only as SHA-256 hashes. Each use rotates the
 * token within its family; presenting a token that was already rotated means it was copied, so the whole
 * family is revoked and a security event is logged.
 */
public final class RefreshTokens {

  private static final Logger log = LoggerFactory.getLogger("org.ordermesh.security");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final RefreshTokenRepository repository;
  private final Duration lifetime;

  /** A fresh token and the subject (user id) it belongs to. */
  public record Issued(String token, String subject) {
  }

  public RefreshTokens(MongoClient mongo, Duration lifetime) {
    this.repository = new RefreshTokenRepository(mongo);
    this.lifetime = lifetime;
  }


  public Future<Void> ensureIndexes() {
    return repository.ensureIndexes();
  }

  /** Starts a family for a new login. */
  public Future<Issued> startFamily(String subject) {
    String family = UUID.randomUUID().toString();
    return repository.insertFamily(family, subject, Instant.now().plus(lifetime))
        .compose(v -> issueIn(family, subject));
  }

  /** Swaps a token for its successor; 400 invalid-grant for anything but the family's active, unexpired token. */
  public Future<Issued> rotate(String token) {
    String hash = hash(token);
    return repository.findToken(hash).compose(found -> {
      if (found == null || !Instant.now().isBefore(MongoDates.read(found, "expiresAt"))) {
        return Future.failedFuture(invalidGrant());
      }
      String family = found.getString("family");
      if (RefreshTokenRepository.ROTATED.equals(found.getString("state"))) {
        return reused(found);
      }
      return repository.findFamily(family).compose(familyRecord -> familyRecord == null || familyRecord.getBoolean("revoked", false)
          ? Future.failedFuture(invalidGrant())
          : repository.markRotated(hash).compose(rotated -> rotated
              ? repository.extendFamily(family, Instant.now().plus(lifetime)).compose(v -> issueIn(family, found.getString("subject")))
              : reused(found)));
    });
  }

  /** Ends every session of the subject (each refresh family); access tokens already issued run out on their own. */
  public Future<Void> revokeAllOf(String subject) {
    return repository.revokeFamiliesOf(subject);
  }

  /** Ends the token's family (logout); unknown tokens are ignored, as RFC 7009 asks. */
  public Future<Void> revoke(String token) {
    return repository.findToken(hash(token))
        .compose(found -> found == null ? Future.succeededFuture() : repository.revokeFamily(found.getString("family")));
  }

  private Future<Issued> reused(JsonObject token) {
    String family = token.getString("family");
    log.warn("refresh token reuse: family revoked {} {} {}", kv("event", "refresh_token_reuse"),
        kv("family", family), kv("subject", token.getString("subject")));
    return repository.revokeFamily(family).compose(v -> Future.failedFuture(invalidGrant()));
  }

  private Future<Issued> issueIn(String family, String subject) {
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    return repository.insertToken(hash(token), family, subject, Instant.now().plus(lifetime))
        .map(v -> new Issued(token, subject));
  }

  static ApiException invalidGrant() {
    return ApiException.badRequest("the grant is invalid, expired or revoked").withType("invalid-grant");
  }

  private static String hash(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
