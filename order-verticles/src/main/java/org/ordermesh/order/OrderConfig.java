package org.ordermesh.order;

import io.vertx.core.json.JsonObject;
import org.ordermesh.platform.config.ServiceConfig;
import org.ordermesh.platform.config.Settings;

import java.time.Duration;

/**
 * The order service's settings.
 *
 * @param service        port, database and node settings
 * @param cursorSecret   signs list cursors; every node must share it ({@code ORDERMESH_CURSOR_SECRET})
 * @param sagaLease      how long an orchestrator owns a saga without renewing ({@code ORDERMESH_SAGA_LEASE_SECONDS}, 15)
 * @param sagaDeadline   how long a saga may take to reach the pivot before it is cancelled with TIMEOUT
 *                       ({@code ORDERMESH_SAGA_DEADLINE_SECONDS}, 60)
 * @param resumeInterval how often each node looks for sagas whose lease ran out ({@code ORDERMESH_SAGA_RESUME_MS}, 2000)
 * @param retryBase      first delay between a step's attempts; doubles up to {@code retryMax}, with jitter
 *                       ({@code ORDERMESH_SAGA_RETRY_MS}, 200)
 * @param retryMax       the largest delay between a step's attempts ({@code ORDERMESH_SAGA_RETRY_MAX_MS}, 5000)
 * @param paymentTimeout one payment call's time limit; above the provider's slowest answer
 *                       ({@code ORDERMESH_PAYMENT_TIMEOUT_MS}, 5000)
 * @param paymentAttempts how many times an unavailable payment provider is tried before the order is cancelled
 *                       with PAYMENT_UNAVAILABLE ({@code ORDERMESH_PAYMENT_ATTEMPTS}, 4)
 */
public record OrderConfig(ServiceConfig service, String cursorSecret, Duration sagaLease, Duration sagaDeadline,
                          Duration resumeInterval, Duration retryBase, Duration retryMax, Duration paymentTimeout,
                          int paymentAttempts) {

  public static OrderConfig from(JsonObject json) {
    var settings = new Settings(json);
    var service = OrderService.config(json);
    return new OrderConfig(
      service,
      service.platform().cursorSecret(),
      Duration.ofSeconds(settings.integer("ORDERMESH_SAGA_LEASE_SECONDS", 15)),
      Duration.ofSeconds(settings.integer("ORDERMESH_SAGA_DEADLINE_SECONDS", 60)),
      Duration.ofMillis(settings.integer("ORDERMESH_SAGA_RESUME_MS", 2_000)),
      Duration.ofMillis(settings.integer("ORDERMESH_SAGA_RETRY_MS", 200)),
      Duration.ofMillis(settings.integer("ORDERMESH_SAGA_RETRY_MAX_MS", 5_000)),
      Duration.ofMillis(settings.integer("ORDERMESH_PAYMENT_TIMEOUT_MS", 5_000)),
      settings.integer("ORDERMESH_PAYMENT_ATTEMPTS", 4));
  }
}
