package org.ordermesh.payment.provider;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;
import io.vertx.ext.mongo.MongoClient;
import org.ordermesh.payment.PaymentConfig;
import org.ordermesh.platform.mongo.MongoClients;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A card provider driven by the test payment methods: {@code tok_visa} approves, {@code tok_declined} declines,
 * {@code tok_slow} approves but answers the first request after the slow delay, {@code tok_error} answers that the
 * provider is unavailable; any other method is declined. It behaves like the external provider it stands for: its
 * ledger is durable in a database of its own ({@link ProviderLedger}), not the payment service's, and every request is
 * idempotent by its request key: a repeat, also after a crash of the node, is answered with the first outcome and moves
 * no money. The authorization is stored before it is answered, so a slow answer lost to a crash is found by the retry.
 */
public final class SimulatedCardProvider implements CardProvider, Shareable {

  public static final String APPROVE = "tok_visa";
  public static final String DECLINE = "tok_declined";
  public static final String SLOW = "tok_slow";
  public static final String ERROR = "tok_error";

  private static final String MAP = "ordermesh.payment";
  // each round either decides on a stored copy or loses a version race to another request on the authorization
  private static final int MAX_ROUNDS = 8;

  /** One ledger line: what the provider did for one request key. */
  public record LedgerEntry(String key, String operation, String authorizationKey, long amountMinor,
                            ProviderAnswer answer, Instant at) {
  }

  private final Vertx vertx;
  private final long slowMillis;
  private final ProviderLedger ledger;

  /** A provider on {@code mongo}, its own database; one per node in service ({@link #forNode}). */
  public SimulatedCardProvider(Vertx vertx, MongoClient mongo, long slowMillis) {
    this.vertx = vertx;
    this.slowMillis = slowMillis;
    this.ledger = new ProviderLedger(mongo);
  }

  /** The node's simulated provider, on {@code ORDERMESH_PAYMENT_PROVIDER_DATABASE}; the first caller's settings win. */
  public static SimulatedCardProvider forNode(Vertx vertx, PaymentConfig config) {
    var shared = vertx.sharedData().<String, SimulatedCardProvider>getLocalMap(MAP);
    var existing = shared.get("simulated-card-provider");
    if (existing != null) {
      return existing;
    }
    var mongo = MongoClients.shared(vertx, config.service().platform().mongoUri(), config.providerDatabase());
    var created = new SimulatedCardProvider(vertx, mongo, config.slowMillis());
    var raced = shared.putIfAbsent("simulated-card-provider", created);
    return raced == null ? created : raced;
  }

  /** Creates the ledger's index. */
  public Future<Void> ensureIndexes() {
    return ledger.ensureIndexes();
  }

  @Override
  public Future<ProviderAnswer> authorize(String key, String paymentMethod, long amountMinor, String currency) {
    if (ERROR.equals(paymentMethod)) {
      return Future.failedFuture(new CardProviderUnavailableException("simulated provider error"));
    }
    var fresh = ProviderAuthorization.requested(key, paymentMethod, amountMinor, currency, decide(paymentMethod),
      Instant.now());
    return ledger.insertOrFind(fresh).compose(stored -> {
      // the very instance back: this request made the authorization; else a repeat, answered at once
      if (stored != fresh) {
        return Future.succeededFuture(stored.authorizeAgain(paymentMethod, amountMinor));
      }
      return SLOW.equals(paymentMethod) && slowMillis > 0
        ? vertx.timer(slowMillis).map(fresh.answer())
        : Future.succeededFuture(fresh.answer());
    });
  }

  @Override
  public Future<ProviderAnswer> capture(String key, String authorizationKey, long amountMinor) {
    return settle(authorizationKey, authorization -> authorization.capture(key, amountMinor, Instant.now()),
      () -> Future.succeededFuture(ProviderAnswer.refused("no_open_authorization")), 0);
  }

  @Override
  public Future<ProviderAnswer> voidAuthorization(String key, String authorizationKey) {
    return settle(authorizationKey, authorization -> authorization.voidAuthorization(key, Instant.now()),
      () -> voidBeforeAuthorize(key, authorizationKey), 0);
  }

  @Override
  public Future<ProviderAnswer> refund(String key, String authorizationKey, long amountMinor) {
    return settle(authorizationKey, authorization -> authorization.refund(key, amountMinor, Instant.now()),
      () -> Future.succeededFuture(ProviderAnswer.refused("refund_exceeds_capture")), 0);
  }

  /** The ledger lines about one authorization (its authorize, then its captures, voids and refunds), as stored. */
  public Future<List<LedgerEntry>> entriesFor(String authorizationKey) {
    return ledger.read(authorizationKey).map(authorization -> {
      if (authorization == null) {
        return List.of();
      }
      var entries = new ArrayList<LedgerEntry>();
      if (authorization.paymentMethod() != null) {
        entries.add(new LedgerEntry(authorization.key(), ProviderAuthorization.AUTHORIZE, authorization.key(),
          authorization.amountMinor(), authorization.answer(), authorization.at()));
      }
      authorization.requests().forEach(request -> entries.add(new LedgerEntry(request.key(), request.operation(),
        authorization.key(), request.amountMinor(), request.answer(), request.at())));
      return entries;
    });
  }

  private static ProviderAnswer decide(String paymentMethod) {
    return switch (paymentMethod) {
      case APPROVE, SLOW -> ProviderAnswer.approved("auth_" + UUID.randomUUID());
      case DECLINE -> ProviderAnswer.refused("card_declined");
      default -> ProviderAnswer.refused("unknown_payment_method");
    };
  }

  /**
   * Decides a request on the authorization and stores it. The first round starts from the copy this node last wrote
   * or read, which may be stale (another node wrote since): a write from it loses and the authorization is read
   * again, and a refusal is only given on one read from the store, so a request already carried out (a capture
   * whose node died before recording it) is never refused.
   */
  private Future<ProviderAnswer> settle(String authorizationKey, Function<ProviderAuthorization,
    ProviderAuthorization.Outcome> decision, Supplier<Future<ProviderAnswer>> unknown, int round) {
    if (round == MAX_ROUNDS) {
      return Future.failedFuture(new IllegalStateException("authorization " + authorizationKey + " kept changing"));
    }
    var copy = round == 0 ? ledger.copyOf(authorizationKey) : null;
    var current = copy != null ? Future.succeededFuture(copy) : ledger.read(authorizationKey);
    return current.compose(authorization -> {
      if (authorization == null) {
        return unknown.get();
      }
      var outcome = decision.apply(authorization);
      if (outcome.next() == null) {
        return outcome.answer().approved() || copy == null
          ? Future.succeededFuture(outcome.answer())
          : settle(authorizationKey, decision, unknown, round + 1);
      }
      return ledger.update(authorization, outcome.next()).compose(written -> written
        ? Future.succeededFuture(outcome.answer())
        : settle(authorizationKey, decision, unknown, round + 1));
    });
  }

  // a void with nothing to void still answers yes, and leaves a tombstone so a late authorize by that key holds nothing
  private Future<ProviderAnswer> voidBeforeAuthorize(String key, String authorizationKey) {
    var tombstone = ProviderAuthorization.voidedFirst(authorizationKey, key, Instant.now());
    return ledger.insertOrFind(tombstone).compose(stored -> stored == tombstone
      ? Future.succeededFuture(tombstone.requests().get(0).answer())
      : settle(authorizationKey, authorization -> authorization.voidAuthorization(key, Instant.now()),
        () -> Future.failedFuture(new IllegalStateException("authorization " + authorizationKey + " vanished")), 1));
  }
}
