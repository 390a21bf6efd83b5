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

  @Override
  public String toString() {
    return "ClientSpec[id=" + id + ", scopes=" + scopes + "]";
  }
}
