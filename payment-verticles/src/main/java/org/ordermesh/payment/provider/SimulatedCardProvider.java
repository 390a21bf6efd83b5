package org.ordermesh.payment.provider;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A card provider in memory, driven by the test payment methods: {@code tok_visa} approves,
 * {@code tok_declined} declines, {@code tok_slow} approves but answers the first request after the slow
 * delay, {@code tok_error} answers that the provider is unavailable; any other method is declined.
 * Like a real provider it keeps a ledger by idempotency key: a request whose key it already holds is
 * answered at once from the ledger, so a retry after a timeout finds the first outcome, never a new charge.
 * One per node, so tests can read the ledger.
 */
public final class SimulatedCardProvider implements CardProvider, Shareable {

  public static final String APPROVE = "tok_visa";
  public static final String DECLINE = "tok_declined";
  public static final String SLOW = "tok_slow";
  public static final String ERROR = "tok_error";

  private static final String MAP = "ordermesh.payment";

  /** One ledger line: what the provider did for one idempotency key. */
  public record LedgerEntry(String key, String operation, String authorizationKey, long amountMinor,
                            ProviderAnswer answer, Instant at) {
  }

  private final Vertx vertx;
  private final long slowMillis;
  private final Map<String, LedgerEntry> ledger = new LinkedHashMap<>();
  private final Map<String, Authorization> authorizations = new HashMap<>();

  private SimulatedCardProvider(Vertx vertx, long slowMillis) {
    this.vertx = vertx;
    this.slowMillis = slowMillis;
  }

  /** The node's simulated provider; the first caller's delay wins. */
  public static SimulatedCardProvider forNode(Vertx vertx, long slowMillis) {
    var shared = vertx.sharedData().<String, SimulatedCardProvider>getLocalMap(MAP);
    var created = new SimulatedCardProvider(vertx, slowMillis);
    var raced = shared.putIfAbsent("simulated-card-provider", created);
    return raced == null ? created : raced;
  }

  @Override
  public Future<ProviderAnswer> authorize(String key, String paymentMethod, long amountMinor, String currency) {
    if (ERROR.equals(paymentMethod)) {
      return Future.failedFuture(new CardProviderUnavailableException("simulated provider error"));
    }
    var replay = replayOf(key);
    if (replay != null) {
      return Future.succeededFuture(replay);
    }
    var answer = record(key, "authorize", key, amountMinor, () -> switch (paymentMethod) {
      case APPROVE, SLOW -> {
        authorizations.put(key, new Authorization(amountMinor));
        yield ProviderAnswer.approved("auth_" + UUID.randomUUID());
      }
      case DECLINE -> ProviderAnswer.refused("card_declined");
      default -> ProviderAnswer.refused("unknown_payment_method");
    });
    return SLOW.equals(paymentMethod)
      ? vertx.timer(slowMillis).map(answer)
      : Future.succeededFuture(answer);
  }

  @Override
  public Future<ProviderAnswer> capture(String key, String authorizationKey, long amountMinor) {
    return Future.succeededFuture(record(key, "capture", authorizationKey, amountMinor, () -> {
      var authorization = authorizations.get(authorizationKey);
      if (authorization == null || authorization.voided || amountMinor > authorization.amountMinor) {
        return ProviderAnswer.refused("no_open_authorization");
      }
      authorization.capturedMinor = amountMinor;
      return ProviderAnswer.approved("cap_" + UUID.randomUUID());
    }));
  }

  @Override
  public Future<ProviderAnswer> voidAuthorization(String key, String authorizationKey) {
    return Future.succeededFuture(record(key, "void", authorizationKey, 0, () -> {
      var authorization = authorizations.get(authorizationKey);
      if (authorization != null && authorization.capturedMinor > 0) {
        return ProviderAnswer.refused("already_captured");
      }
      // a void of an authorization it never made still answers yes: nothing is held under that key
      if (authorization != null) {
        authorization.voided = true;
      }
      return ProviderAnswer.approved("void_" + UUID.randomUUID());
    }));
  }

  @Override
  public Future<ProviderAnswer> refund(String key, String authorizationKey, long amountMinor) {
    return Future.succeededFuture(record(key, "refund", authorizationKey, amountMinor, () -> {
      var authorization = authorizations.get(authorizationKey);
      if (authorization == null || authorization.refundedMinor + amountMinor > authorization.capturedMinor) {
        return ProviderAnswer.refused("refund_exceeds_capture");
      }
      authorization.refundedMinor += amountMinor;
      return ProviderAnswer.approved("ref_" + UUID.randomUUID());
    }));
  }

  /** The ledger lines about one authorization (its authorize, capture, void and refunds), oldest first. */
  public synchronized List<LedgerEntry> entriesFor(String authorizationKey) {
    return ledger.values().stream().filter(entry -> entry.authorizationKey().equals(authorizationKey)).toList();
  }

  private synchronized ProviderAnswer replayOf(String key) {
    var entry = ledger.get(key);
    return entry == null ? null : entry.answer();
  }

  // event loops of several verticles call in at once: the ledger and the balances change together
  private synchronized ProviderAnswer record(String key, String operation, String authorizationKey, long amountMinor,
                                             java.util.function.Supplier<ProviderAnswer> decision) {
    var entry = ledger.get(key);
    if (entry == null) {
      entry = new LedgerEntry(key, operation, authorizationKey, amountMinor, decision.get(), Instant.now());
      ledger.put(key, entry);
    }
    return entry.answer();
  }

  private static final class Authorization {
    private final long amountMinor;
    private long capturedMinor;
    private long refundedMinor;
    private boolean voided;

    private Authorization(long amountMinor) {
      this.amountMinor = amountMinor;
    }
  }
}
