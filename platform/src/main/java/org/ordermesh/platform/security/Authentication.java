package org.ordermesh.platform.security;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.ordermesh.platform.http.ApiException;
import org.ordermesh.platform.peer.PeerUnavailableException;

/**
 * The route handler that demands a bearer access token:
 * {@code router.get("/x").handler(Authentication.required(vertx, config())).handler(Authorization.role("admin"))}.
 * A valid token puts its {@link Principal} on the context; anything else answers 401 problem+json with
 * {@code WWW-Authenticate: Bearer}, or 503 when the keys cannot be fetched.
 */
public final class Authentication {

  private static final String BEARER = "bearer ";
  private static final long RETRY_AFTER_SECONDS = 5;

  private Authentication() {
  }

  /** Checks the token with the node's {@link TokenVerifier} (created from {@code settings} on first use). */
  public static Handler<RoutingContext> required(Vertx vertx, JsonObject settings) {
    return required(TokenVerifier.forNode(vertx, settings));
  }

  public static Handler<RoutingContext> required(TokenVerifier verifier) {
    return ctx -> {
      String token = bearerToken(ctx);
      if (token == null) {
        ctx.fail(ApiException.unauthorized("a bearer token is required"));
        return;
      }
      verifier.verify(token).onComplete(verified -> {
        if (verified.succeeded()) {
          ctx.put(Principal.CONTEXT_KEY, verified.result());
          ctx.next();
        } else {
          ctx.fail(toProblem(verified.cause()));
        }
      });
    };
  }

  private static String bearerToken(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || header.length() <= BEARER.length() || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return null;
    }
    String token = header.substring(BEARER.length()).trim();
    return token.isEmpty() ? null : token;
  }

  // the detail names the check that failed; the token itself is never echoed or logged
  private static ApiException toProblem(Throwable failure) {
    if (failure instanceof InvalidTokenException invalid) {
      return ApiException.unauthorized(invalid.getMessage());
    }
    if (failure instanceof PeerUnavailableException) {
      return ApiException.unavailable(RETRY_AFTER_SECONDS);
    }
    return ApiException.unauthorized("the token could not be verified");
  }
}
