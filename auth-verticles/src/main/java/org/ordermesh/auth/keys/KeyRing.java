package org.ordermesh.auth.keys;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ordermesh.auth.AuthConfig;
import org.ordermesh.platform.mongo.MongoDates;
import org.ordermesh.auth.password.CryptoWorkers;
import org.ordermesh.platform.security.Jwks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * The service's signing keys, kept in Mongo and mirrored in memory. The newest active key signs; the JWKS
 * lists every key a live token may carry: pending keys (published before they sign), the current one, and
 * each previous one until its last token has expired, after which its record is deleted.
 */
public final class KeyRing {

  private static final Logger log = LoggerFactory.getLogger(KeyRing.class);
  private static final Duration CHECK_INTERVAL = Duration.ofSeconds(30);
  private static final int RSA_BITS = 2048;

  private final Vertx vertx;
  private final CryptoWorkers workers;
  private final SigningKeyRepository repository;
  private final PrivateKeyCipher cipher;
  private final AuthConfig config;
  private volatile List<SigningKey> keys = List.of();
  private long timerId = -1;

  public KeyRing(Vertx vertx, MongoClient mongo, CryptoWorkers workers, AuthConfig config) {
    this.vertx = vertx;
    this.workers = workers;
    this.repository = new SigningKeyRepository(mongo);
    this.cipher = new PrivateKeyCipher(config.keyPassphrase(), config.argon2());
    this.config = config;
  }

  /** Loads the keys, creating the first one if none exists, and starts the rotation schedule. */
  public Future<Void> start() {
    if (!cipher.encrypts()) {
      log.warn("ORDERMESH_SIGNING_KEY_PASSPHRASE is not set: new signing keys are stored unencrypted");
    }
    return repository.ensureIndexes()
        .compose(v -> reload())
        .compose(v -> keys.isEmpty() ? addKey(1, Instant.now()).compose(added -> reload()) : Future.succeededFuture())
        .onSuccess(v -> timerId = vertx.setPeriodic(CHECK_INTERVAL.toMillis(), id -> rotateIfDue()));
  }

  public void stop() {
    vertx.cancelTimer(timerId);
  }

  /** The key that signs now: the newest whose activation time has come. */
  public SigningKey signingKey() {
    Instant now = Instant.now();
    return keys.stream().filter(key -> !key.activatesAt().isAfter(now)).reduce((older, newer) -> newer)
        .orElseThrow(() -> new IllegalStateException("no active signing key"));
  }

  public JsonObject jwks() {
    JsonArray published = new JsonArray();
    publishable(keys, Instant.now()).forEach(key -> published.add(Jwks.toJwk(key.kid(), key.publicKey())));
    return new JsonObject().put("keys", published);
  }

  /** Adds the next key now; it signs after the activation delay. If another node just did the same, returns that key. */
  public Future<SigningKey> rotate() {
    long next = keys.isEmpty() ? 1 : keys.get(keys.size() - 1).generation() + 1;
    return addKey(next, Instant.now().plus(config.keyActivation()))
        .compose(added -> reload())
        .map(v -> keys.get(keys.size() - 1));
  }

  /**
   * Deletes a compromised key at once, so it leaves the JWKS and verifiers stop trusting it at their next
   * fetch; when it signs now (or is the newest) a successor that signs at once is added first, so signing
   * never stops. Other auth nodes drop it at their next check (at most 30 s). False when there is no such key.
   */
  public Future<Boolean> retire(String kid) {
    return reload().compose(v -> {
      if (keys.stream().noneMatch(key -> key.kid().equals(kid))) {
        return Future.succeededFuture(false);
      }
      SigningKey newest = keys.get(keys.size() - 1);
      boolean signs = newest.kid().equals(kid) || signingKey().kid().equals(kid);
      Future<Boolean> successor = signs ? addKey(newest.generation() + 1, Instant.now()) : Future.succeededFuture(true);
      return successor
          .compose(added -> repository.delete(kid))
          .compose(deleted -> reload())
          .map(done -> {
            log.warn("signing key retired {}", kv("event", "signing_key_retired"), kv("kid", kid));
            return true;
          });
    });
  }

  private void rotateIfDue() {
    reload().compose(v -> {
      SigningKey newest = keys.get(keys.size() - 1);
      return newest.createdAt().plus(config.keyRotation()).isAfter(Instant.now()) ? Future.succeededFuture() : rotate().mapEmpty();
    }).onFailure(error -> log.warn("signing key check failed: {}", error.getMessage()));
  }

  private Future<Boolean> addKey(long generation, Instant activatesAt) {
    String kid = UUID.randomUUID().toString();
    return workers.run(() -> {
      var generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(RSA_BITS);
      var pair = generator.generateKeyPair();
      Instant now = Instant.now();
      return new JsonObject()
          .put("_id", kid)
          .put("generation", generation)
          .put("createdAt", MongoDates.of(now))
          .put("activatesAt", MongoDates.of(activatesAt))
          .put("publicKey", Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()))
          .put("privateKey", cipher.seal(kid, pair.getPrivate()));
    }).compose(repository::insertIfGenerationFree).onSuccess(added -> {
      if (added) {
        log.info("added signing key {} (generation {}), signing from {}", kid, generation, activatesAt);
      }
    });
  }

  // records are opened once; the ones already in memory are kept as they are
  private Future<Void> reload() {
    Map<String, SigningKey> known = new HashMap<>();
    keys.forEach(key -> known.put(key.kid(), key));
    return repository.all()
        .compose(records -> workers.run(() -> open(records, known)))
        .compose(this::pruneExpired);
  }

  private List<SigningKey> open(List<JsonObject> records, Map<String, SigningKey> known) throws GeneralSecurityException {
    List<SigningKey> opened = new ArrayList<>();
    for (JsonObject record : records) {
      String kid = record.getString("_id");
      SigningKey key = known.get(kid);
      opened.add(key != null ? key : new SigningKey(kid, record.getLong("generation"),
          MongoDates.read(record, "createdAt"), MongoDates.read(record, "activatesAt"),
          rsaPublicKey(record.getString("publicKey")), cipher.open(kid, record.getJsonObject("privateKey"))));
    }
    opened.sort(Comparator.comparingLong(SigningKey::generation));
    return opened;
  }

  private Future<Void> pruneExpired(List<SigningKey> loaded) {
    List<SigningKey> live = publishable(loaded, Instant.now());
    keys = List.copyOf(live);
    return Future.all(loaded.stream().filter(key -> !live.contains(key)).map(key -> repository.delete(key.kid())
        .onSuccess(v -> log.info("retired signing key {}: every token it signed has expired", key.kid()))).toList())
        .mapEmpty();
  }

  // a key verifies until its successor has signed for a whole token lifetime (plus the verifiers' skew)
  private List<SigningKey> publishable(List<SigningKey> sorted, Instant now) {
    Duration lifetime = config.accessTokenTtl().plus(config.verifier().clockSkew());
    List<SigningKey> live = new ArrayList<>();
    for (int i = 0; i < sorted.size(); i++) {
      boolean superseded = i + 1 < sorted.size() && !sorted.get(i + 1).activatesAt().isAfter(now);
      if (!superseded || now.isBefore(sorted.get(i + 1).activatesAt().plus(lifetime))) {
        live.add(sorted.get(i));
      }
    }
    return live;
  }

  // public keys are stored as X.509 SubjectPublicKeyInfo, base64
  private static RSAPublicKey rsaPublicKey(String base64) throws GeneralSecurityException {
    return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }
}
