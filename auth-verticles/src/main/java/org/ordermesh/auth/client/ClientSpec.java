package org.ordermesh.auth.client;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A service client as configured in {@code ORDERMESH_AUTH_CLIENT_SECRETS}, a JSON object by client id whose
 * values are the secret ({@code {"order": "s3cret"}}, scopes {@link #DEFAULT_SCOPES}) or
 * {@code {"secret": "...", "scopes": ["catalog.inventory"]}}.
 */
public record ClientSpec(String id, String secret, Set<String> scopes) {

  public static final Set<String> DEFAULT_SCOPES = Set.of("internal");

  /** The order service's secret, shared by the auth and order nodes; the order client's scopes are {@link #ORDER_SCOPES}. */
  public static final String ORDER_CLIENT_SECRET = "ORDERMESH_ORDER_CLIENT_SECRET";
  public static final String ORDER_CLIENT_ID = "order";
  /** What the saga commands: stock ({@code catalog.inventory}) and money ({@code payment.payments}). */
  public static final Set<String> ORDER_SCOPES = Set.of("catalog.inventory", "payment.payments");

  public ClientSpec {
    scopes = Set.copyOf(scopes);
  }

  public static List<ClientSpec> parseAll(String json) {
    JsonObject clients;
    try {
      clients = new JsonObject(json);
    } catch (DecodeException e) {
      throw new IllegalArgumentException("ORDERMESH_AUTH_CLIENT_SECRETS must be a JSON object");
    }
    List<ClientSpec> specs = new ArrayList<>();
    for (String id : clients.fieldNames()) {
      Object value = clients.getValue(id);
      if (value instanceof String secret) {
        specs.add(new ClientSpec(id, secret, DEFAULT_SCOPES));
      } else if (value instanceof JsonObject spec && spec.getValue("secret") instanceof String secret) {
        JsonArray scopes = spec.getJsonArray("scopes", new JsonArray());
        specs.add(new ClientSpec(id, secret, Set.copyOf(scopes.stream().map(String::valueOf).toList())));
      } else {
        throw new IllegalArgumentException("ORDERMESH_AUTH_CLIENT_SECRETS: client " + id + " has no secret");
      }
    }
    return List.copyOf(specs);
  }

  /** {@code specs} with the order service's client added when its secret is set and the specs do not name it. */
  public static List<ClientSpec> withOrderService(List<ClientSpec> specs, String orderSecret) {
    if (orderSecret.isBlank() || specs.stream().anyMatch(spec -> spec.id().equals(ORDER_CLIENT_ID))) {
      return specs;
    }
    List<ClientSpec> all = new ArrayList<>(specs);
    all.add(new ClientSpec(ORDER_CLIENT_ID, orderSecret, ORDER_SCOPES));
    return List.copyOf(all);
  }

  @Override
  public String toString() {
    return "ClientSpec[id=" + id + ", scopes=" + scopes + "]";
  }
}
