package org.ordermesh.node.gateway;

import java.util.List;
import java.util.Optional;

/** Which service answers which path prefix, as DESIGN.md's gateway table says. */
public final class GatewayRoutes {

  record Route(String prefix, String service) {

    boolean matches(String path) {
      return path.equals(prefix) || path.startsWith(prefix + "/") || path.startsWith(prefix + "?");
    }
  }

  private static final List<Route> ROUTES = List.of(
    new Route("/api/v1/auth", "auth"),
    new Route("/api/v1/users", "auth"),
    new Route("/.well-known/jwks.json", "auth"),
    new Route("/api/v1/products", "catalog"),
    new Route("/api/v1/inventory", "catalog"),
    new Route("/api/v1/reports/inventory", "catalog"),
    new Route("/api/v1/payments", "payment"),
    new Route("/api/v1/orders", "order"),
    new Route("/api/v1/reports/sales", "order"));

  private GatewayRoutes() {
  }

  public static Optional<String> serviceFor(String path) {
    return ROUTES.stream().filter(route -> route.matches(path)).map(Route::service).findFirst();
  }

  public static List<String> prefixes() {
    return ROUTES.stream().map(Route::prefix).toList();
  }
}
