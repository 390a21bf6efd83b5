package org.ordermesh.payment.provider;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One authorization in the simulated provider's ledger, named by its authorize request key, with every later
 * request on it (captures, voids, refunds) embedded by its request key: a request, its outcome and the balance
 * it changes are one document write, and a request key seen before is answered from here. Decides each request;
 * refusals are never stored (they follow from a state that only moves forward).
 */
record ProviderAuthorization(String key, String paymentMethod, long amountMinor, String currency, ProviderAnswer answer,
                             long capturedMinor, long refundedMinor, boolean voided, List<Request> requests,
                             long version, Instant at) {

  static final String AUTHORIZE = "authorize";
  static final String CAPTURE = "capture";
  static final String VOID = "void";
  static final String REFUND = "refund";

  ProviderAuthorization {
    requests = List.copyOf(requests);
  }

  /** A request made on the authorization and what the provider answered. */
  record Request(String key, String operation, long amountMinor, ProviderAnswer answer, Instant at) {
  }

  /** The answer to a request, and the authorization to store with it (null: nothing to store). */
  record Outcome(ProviderAnswer answer, ProviderAuthorization next) {
  }

  static ProviderAuthorization requested(String key, String paymentMethod, long amountMinor, String currency,
                                         ProviderAnswer answer, Instant now) {
    return new ProviderAuthorization(key, paymentMethod, amountMinor, currency, answer, 0, 0, false, List.of(), 0, now);
  }

  /**
   * A void that came before any authorize of its key: nothing is held, and an authorize that arrives later by that
   * key is answered with this refusal, so it holds nothing either.
   */
  static ProviderAuthorization voidedFirst(String key, String voidKey, Instant now) {
    var voided = new Request(voidKey, VOID, 0, ProviderAnswer.approved("void_" + UUID.randomUUID()), now);
    return new ProviderAuthorization(key, null, 0, null, ProviderAnswer.refused("authorization_voided"), 0, 0, true,
      List.of(voided), 0, now);
  }

  /** The answer to a repeat of the authorize that made this authorization (or to one after a void came first). */
  ProviderAnswer authorizeAgain(String paymentMethod, long amount) {
    if (this.paymentMethod == null) {
      return answer;
    }
    return this.paymentMethod.equals(paymentMethod) && amountMinor == amount
      ? answer
      : ProviderAnswer.refused("idempotency_key_reused");
  }

  Outcome capture(String requestKey, long amount, Instant now) {
    var earlier = replay(requestKey, CAPTURE, amount);
    if (earlier.isPresent()) {
      return earlier.get();
    }
    if (!answer.approved() || voided) {
      return refused("no_open_authorization");
    }
    if (capturedMinor > 0) {
      return refused("already_captured");
    }
    if (amount > amountMinor) {
      return refused("amount_exceeds_authorization");
    }
    return made(new Request(requestKey, CAPTURE, amount, ProviderAnswer.approved("cap_" + UUID.randomUUID()), now),
      amount, refundedMinor, false);
  }

  Outcome voidAuthorization(String requestKey, Instant now) {
    var earlier = replay(requestKey, VOID, 0);
    if (earlier.isPresent()) {
      return earlier.get();
    }
    if (capturedMinor > 0) {
      return refused("already_captured");
    }
    return made(new Request(requestKey, VOID, 0, ProviderAnswer.approved("void_" + UUID.randomUUID()), now),
      capturedMinor, refundedMinor, true);
  }

  Outcome refund(String requestKey, long amount, Instant now) {
    var earlier = replay(requestKey, REFUND, amount);
    if (earlier.isPresent()) {
      return earlier.get();
    }
    if (refundedMinor + amount > capturedMinor) {
      return refused("refund_exceeds_capture");
    }
    return made(new Request(requestKey, REFUND, amount, ProviderAnswer.approved("ref_" + UUID.randomUUID()), now),
      capturedMinor, refundedMinor + amount, voided);
  }

  ProviderAuthorization withVersion(long newVersion) {
    return new ProviderAuthorization(key, paymentMethod, amountMinor, currency, answer, capturedMinor, refundedMinor,
      voided, requests, newVersion, at);
  }

  // a request key names one request: asked again it gets the first answer, asked for something else a refusal
  private Optional<Outcome> replay(String requestKey, String operation, long amount) {
    return requests.stream().filter(request -> request.key().equals(requestKey)).findFirst()
      .map(request -> request.operation().equals(operation) && request.amountMinor() == amount
        ? new Outcome(request.answer(), null)
        : new Outcome(ProviderAnswer.refused("idempotency_key_reused"), null));
  }

  private static Outcome refused(String reason) {
    return new Outcome(ProviderAnswer.refused(reason), null);
  }

  private Outcome made(Request request, long captured, long refunded, boolean isVoided) {
    var more = new ArrayList<>(requests);
    more.add(request);
    return new Outcome(request.answer(), new ProviderAuthorization(key, paymentMethod, amountMinor, currency, answer,
      captured, refunded, isVoided, more, version, at));
  }
}
