package org.ordermesh.auth.throttle;

import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The address a request came from, for throttling. {@code X-Forwarded-For} is believed only when the
 * connection comes from a trusted proxy (the gateway); otherwise any client could pick its own address.
 */
public final class ClientAddress {

  private ClientAddress() {
  }

  public static String of(RoutingContext ctx, List<String> trustedProxies) {
    String peer = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().host();
    String forwarded = ctx.request().getHeader("X-Forwarded-For");
    if (forwarded == null || !trustedProxies.contains(peer)) {
      return peer;
    }
    // the right-most entry not added by a trusted proxy is the one no client could forge
    String[] hops = forwarded.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      if (!hop.isEmpty() && !trustedProxies.contains(hop)) {
        return hop;
      }
    }
    return peer;
  }
}
