package org.ordermesh.payment;

import io.vertx.core.json.JsonObject;
import org.ordermesh.platform.config.ServiceConfig;
import org.ordermesh.platform.config.Settings;

/**
 * The payment service's settings.
 *
 * @param service               port, database and node settings ({@code ORDERMESH_PAYMENT_PORT} 8084,
 *                              {@code ORDERMESH_PAYMENT_DATABASE} ordermesh_payment)
 * @param slowMillis            how long the simulated provider takes to answer {@code tok_slow} the first time
 *                              ({@code ORDERMESH_PAYMENT_SLOW_MS}, 2000)
 * @param providerTimeoutMillis one provider call's time limit; past it the outcome is unknown
 *                              ({@code ORDERMESH_PAYMENT_PROVIDER_TIMEOUT_MS}, 1000)
 * @param providerRetries       retries of a failed or timed-out provider call, by the same idempotency key
 *                              ({@code ORDERMESH_PAYMENT_PROVIDER_RETRIES}, 1)
 * @param breakerMaxFailures    failed provider calls that open the card-provider breaker
 *                              ({@code ORDERMESH_PAYMENT_BREAKER_FAILURES}, 5)
 * @param breakerResetMillis    how long the breaker stays open before one trial call
 *                              ({@code ORDERMESH_PAYMENT_BREAKER_RESET_MS}, 10000)
 * @param providerDatabase      the simulated card provider's own database, its ledger, apart from the service's
 *                              as an external provider's would be ({@code ORDERMESH_PAYMENT_PROVIDER_DATABASE},
 *                              ordermesh_cardprovider)
 */
public record PaymentConfig(ServiceConfig service, int slowMillis, int providerTimeoutMillis, int providerRetries,
                            int breakerMaxFailures, int breakerResetMillis, String providerDatabase) {

  public static final String SLOW_MS = "ORDERMESH_PAYMENT_SLOW_MS";
  public static final String PROVIDER_TIMEOUT_MS = "ORDERMESH_PAYMENT_PROVIDER_TIMEOUT_MS";
  public static final String PROVIDER_RETRIES = "ORDERMESH_PAYMENT_PROVIDER_RETRIES";
  public static final String BREAKER_FAILURES = "ORDERMESH_PAYMENT_BREAKER_FAILURES";
  public static final String BREAKER_RESET_MS = "ORDERMESH_PAYMENT_BREAKER_RESET_MS";
  public static final String PROVIDER_DATABASE = "ORDERMESH_PAYMENT_PROVIDER_DATABASE";

  public static PaymentConfig from(JsonObject config) {
    var settings = new Settings(config);
    return new PaymentConfig(
      PaymentService.config(config),
      settings.integer(SLOW_MS, 2_000),
      settings.integer(PROVIDER_TIMEOUT_MS, 1_000),
      settings.integer(PROVIDER_RETRIES, 1),
      settings.integer(BREAKER_FAILURES, 5),
      settings.integer(BREAKER_RESET_MS, 10_000),
      settings.string(PROVIDER_DATABASE, "ordermesh_cardprovider"));
  }
}
