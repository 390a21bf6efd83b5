package org.ordermesh.order;

import io.vertx.core.json.JsonObject;
import org.ordermesh.order.saga.SagaExtension;
import org.ordermesh.platform.config.ServiceConfig;
import org.ordermesh.platform.config.Settings;

import java.time.Duration;
import java.util.List;

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
 * @param sagasInFlight  the most sagas in flight a node takes on ({@link org.ordermesh.order.saga.SagaAdmission} bounds
 *                       them by its completion rate below that); past the bound {@code POST /orders} answers 503
 *                       with Retry-After before its Idempotency-Key is claimed ({@code ORDERMESH_SAGAS_IN_FLIGHT}, 512)
 * @param admissionSeconds how long an admitted saga may expect to wait for the node: the admission bound is the sagas
 *                       ended per second times this, at most a quarter of the deadline ({@code ORDERMESH_SAGA_ADMISSION_SECONDS}, 2)
 * @param participantInFlight calls in flight to each participant (inventory, payments) from this node; more wait
 *                       in the node, untimed and unseen by the breaker ({@code ORDERMESH_PARTICIPANT_IN_FLIGHT}, 16)
 * @param inventoryTimeout one inventory call's time limit: above that many calls queued on one hot product
 *                       ({@code ORDERMESH_INVENTORY_TIMEOUT_MS}, 10000)
 * @param stallAfter     a saga that has not moved for this long is logged once and counted
 *                       ({@code ORDERMESH_SAGA_STALL_SECONDS}, 10)
 * @param sagaExtensions the extension saga steps ({@code ORDERMESH_SAGA_EXTENSIONS}, none; docs/extending.md)
 * @param clientId       the service client the saga's commands are authorized as ({@code ORDERMESH_ORDER_CLIENT_ID}, order)
 * @param streamsPerCustomer order event streams one caller may hold open on a node
 *                       ({@code ORDERMESH_ORDER_STREAMS_PER_CUSTOMER}, 64: an API client watching its orders as it places them)
 * @param streamsPerNode order event streams a node holds open in all ({@code ORDERMESH_ORDER_STREAMS_PER_NODE}, 2000)
 * @param clientSecret   its secret for client_credentials, shared with auth ({@code ORDERMESH_ORDER_CLIENT_SECRET}; a
 *                       single node keeps one under {@code ORDERMESH_DATA}, a clustered node requires it)
 */
public record OrderConfig(ServiceConfig service, String cursorSecret, Duration sagaLease, Duration sagaDeadline,
                          Duration resumeInterval, Duration retryBase, Duration retryMax, Duration paymentTimeout,
                          int paymentAttempts, int sagasInFlight, int admissionSeconds, int participantInFlight, Duration inventoryTimeout,
                          Duration stallAfter, List<SagaExtension> sagaExtensions, String clientId, String clientSecret,
                          int streamsPerCustomer, int streamsPerNode) {

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
      settings.integer("ORDERMESH_PAYMENT_ATTEMPTS", 4),
      settings.integer("ORDERMESH_SAGAS_IN_FLIGHT", 512),
      settings.integer("ORDERMESH_SAGA_ADMISSION_SECONDS", 2),
      settings.integer("ORDERMESH_PARTICIPANT_IN_FLIGHT", 16),
      Duration.ofMillis(settings.integer("ORDERMESH_INVENTORY_TIMEOUT_MS", 10_000)),
      Duration.ofSeconds(settings.integer("ORDERMESH_SAGA_STALL_SECONDS", 10)),
      SagaExtension.parse(json.getValue(SagaExtension.SETTING)),
      settings.string("ORDERMESH_ORDER_CLIENT_ID", "order"),
      settings.string("ORDERMESH_ORDER_CLIENT_SECRET", ""),
      settings.integer("ORDERMESH_ORDER_STREAMS_PER_CUSTOMER", 64),
      settings.integer("ORDERMESH_ORDER_STREAMS_PER_NODE", 2_000));
  }

  /** The admission bound's horizon: the wait asked for, never more than a quarter of the deadline. */
  public Duration admissionHorizon() {
    Duration quarter = sagaDeadline.dividedBy(4);
    Duration asked = Duration.ofSeconds(Math.max(1, admissionSeconds));
    return asked.compareTo(quarter) < 0 ? asked : quarter;
  }
}
