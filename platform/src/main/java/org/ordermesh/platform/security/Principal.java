package org.ordermesh.platform.security;

import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Set;
import org.ordermesh.platform.http.ApiException;

/**
 * Who is calling, as a verified access token says: a user ({@code clientId} null) or a service client.
 *
 * @param subject   the token's {@code sub}: a user id, or {@code client:<id>} for a service client
 * @param email     the user's email, null for a service client
 * @param roles     {@code customer}, {@code admin}
 * @param scopes    the token's {@code scope}, split on spaces
 * @param clientId  the service client's id, null for a user
 * @param expiresAt the token's {@code exp}
 */
public record Principal(String subject, String email, Set<String> roles, Set<String> scopes, String clientId,
                        Instant expiresAt) {

  static final String CONTEXT_KEY = "ordermesh.principal";

  public Principal {
    roles = Set.copyOf(roles);
    scopes = Set.copyOf(scopes);
  }

  /** The caller of a request that passed {@link Authentication#required}; 401 when there is none. */
  public static Principal of(RoutingContext ctx) {
    Principal principal = ctx.get(CONTEXT_KEY);
    if (principal == null) {
      throw ApiException.unauthorized("a valid bearer token is required");
    }
    return principal;
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  public boolean hasScope(String scope) {
    return scopes.contains(scope);
  }

  public boolean isClient() {
    return clientId != null;
  }
}
