package org.ordermesh.auth.throttle;

import io.vertx.ext.web.RoutingContext;
import org.ordermesh.platform.http.TrustedProxies;

/**
 * The address a request came from, for throttling. {@code X-Forwarded-For} is believed only when the
 * connection comes from a trusted proxy (the gateway); otherwise any client could pick its own address.
 * Each proxy appends the address it saw, so the right-most hop outside the trusted ranges is the first one
 * no client could write.
 */
public final class ClientAddress {

  private ClientAddress() {
  }

  public static String of(RoutingContext ctx, TrustedProxies trusted) {
    String peer = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().host();
    return of(peer, ctx.request().getHeader("X-Forwarded-For"), trusted);
  }

  static String of(String peer, String forwardedFor, TrustedProxies trusted) {
    if (forwardedFor == null || !trusted.contains(peer)) {
      return peer;
    }
    String[] hops = forwardedFor.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      if (!hop.isEmpty() && !trusted.contains(hop)) {
        return hop;
      }
    }
    return peer;
  }
}
