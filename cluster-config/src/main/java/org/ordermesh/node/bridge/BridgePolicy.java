package org.ordermesh.node.bridge;

import io.vertx.core.json.JsonObject;
import org.ordermesh.catalog.api.CatalogAddresses;
import org.ordermesh.order.api.OrderAddresses;
import org.ordermesh.order.api.OrderStatusChanged;
import org.ordermesh.payment.api.PaymentAddresses;
import org.ordermesh.platform.security.Principal;

import java.util.Optional;

/**
 * Who may do what over a bridge, the same on both transports. Everything not named here is refused:
 * a customer reaches no command that moves stock or money, nobody publishes, and only a service client
 * with the {@code saga.step} scope may answer an extension step's address.
 */
public final class BridgePolicy {

  public static final String ADMIN = "admin";
  /** Commands that move stock ({@code catalog.inventory}) need this scope. */
  public static final String INVENTORY_SCOPE = "catalog.inventory";
  /** Commands that move money ({@code payment.payments}) need this scope. */
  public static final String PAYMENTS_SCOPE = "payment.payments";
  /** Registering an extension saga step's address needs this scope. */
  public static final String SAGA_STEP_SCOPE = "saga.step";
  /** Extension saga steps answer on addresses under this prefix ({@code saga.step.risk}). */
  public static final String SAGA_STEP_PREFIX = "saga.step.";

  private BridgePolicy() {
  }

  /** Why {@code principal} may not send ({@code send}), publish or register on {@code address}; empty when it may. */
  public static Optional<Refusal> inbound(Principal principal, String type, String address) {
    return switch (type) {
      case "send" -> send(principal, address);
      case "register", "unregister" -> register(principal, address);
      default -> Optional.of(Refusal.FORBIDDEN);
    };
  }

  /** Whether a message on {@code address} may be delivered to a connection of {@code principal}. */
  public static boolean outbound(Principal principal, String address, Object body) {
    if (OrderAddresses.ORDER_STATUS.equals(address)) {
      return principal.hasRole(ADMIN) || principal.isClient() || ownOrder(principal, body);
    }
    return true;
  }

  private static Optional<Refusal> send(Principal principal, String address) {
    if (CatalogAddresses.PRODUCTS.equals(address)) {
      return Optional.empty();
    }
    if (CatalogAddresses.INVENTORY.equals(address)) {
      return clientWithScope(principal, INVENTORY_SCOPE);
    }
    if (PaymentAddresses.PAYMENTS.equals(address)) {
      return clientWithScope(principal, PAYMENTS_SCOPE);
    }
    return Optional.of(Refusal.FORBIDDEN);
  }

  private static Optional<Refusal> register(Principal principal, String address) {
    if (OrderAddresses.ORDER_STATUS.equals(address)) {
      return Optional.empty();
    }
    if (isSagaStep(address)) {
      return clientWithScope(principal, SAGA_STEP_SCOPE);
    }
    return Optional.of(Refusal.FORBIDDEN);
  }

  public static boolean isSagaStep(String address) {
    return address.startsWith(SAGA_STEP_PREFIX) && address.length() > SAGA_STEP_PREFIX.length();
  }

  private static Optional<Refusal> clientWithScope(Principal principal, String scope) {
    return principal.isClient() && principal.hasScope(scope) ? Optional.empty() : Optional.of(Refusal.FORBIDDEN);
  }

  // read through order's own message type: a body it cannot read is nobody's order
  private static boolean ownOrder(Principal principal, Object body) {
    if (!(body instanceof JsonObject json)) {
      return false;
    }
    try {
      return principal.subject().equals(OrderStatusChanged.fromJson(json).customerId());
    } catch (RuntimeException unreadable) {
      return false;
    }
  }
}
