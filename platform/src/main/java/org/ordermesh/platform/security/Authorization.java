package org.ordermesh.platform.security;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import org.ordermesh.platform.http.ApiException;

/**
 * Route handlers that demand something of the {@link Principal} an {@link Authentication} handler put on
 * the context: 401 when there is none, 403 problem+json (with {@code WWW-Authenticate}) when it lacks the role or scope.
 */
public final class Authorization {

  private static final String INSUFFICIENT = "Bearer realm=\"ordermesh\", error=\"insufficient_scope\"";

  private Authorization() {
  }

  /** Lets through callers holding {@code role} ({@code customer}, {@code admin}). */
  public static Handler<RoutingContext> role(String role) {
    return anyRole(Set.of(role));
  }

  /** Lets through callers holding at least one of {@code roles}. */
  public static Handler<RoutingContext> anyRole(Set<String> roles) {
    return demand(principal -> roles.stream().anyMatch(principal::hasRole), "requires role " + String.join(" or ", roles));
  }

  /** Lets through callers, usually service clients, whose token carries {@code scope}. */
  public static Handler<RoutingContext> scope(String scope) {
    return demand(principal -> principal.hasScope(scope), "requires scope " + scope);
  }

  private static Handler<RoutingContext> demand(java.util.function.Predicate<Principal> rule, String detail) {
    return ctx -> {
      if (rule.test(Principal.of(ctx))) {
        ctx.next();
      } else {
        ctx.fail(ApiException.forbidden(detail).withHeader("WWW-Authenticate", INSUFFICIENT));
      }
    };
  }
}
