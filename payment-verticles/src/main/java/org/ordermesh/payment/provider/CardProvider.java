package org.ordermesh.payment.provider;

import io.vertx.core.Future;

/**
 * A card processor. Every call carries an idempotency key, one per (orderId, operation): asked twice by
 * the same key, a provider answers the first outcome again and moves no money the second time. That is
 * what makes a retry after a timeout safe. Authorizations are named by their authorize key.
 *
 * <p>A call fails with {@link CardProviderUnavailableException} when the provider answers that it cannot
 * process the request (nothing happened); any other failure leaves the outcome unknown.
 */
public interface CardProvider {

  Future<ProviderAnswer> authorize(String key, String paymentMethod, long amountMinor, String currency);

  Future<ProviderAnswer> capture(String key, String authorizationKey, long amountMinor);

  Future<ProviderAnswer> voidAuthorization(String key, String authorizationKey);

  Future<ProviderAnswer> refund(String key, String authorizationKey, long amountMinor);
}
