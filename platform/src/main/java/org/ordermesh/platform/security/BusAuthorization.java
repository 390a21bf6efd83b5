package org.ordermesh.platform.security;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards an event bus consumer whose commands move money or stock: a message is handed on only when its
 * {@code authorization: Bearer <token>} header names a service client holding the scope, checked with the
 * node's {@link TokenVerifier} (cached per token, so a command costs a map lookup). Anything else fails with
 * {@code (403, refusalCode)} before the handler sees it, so nothing changes.
 */
public final class BusAuthorization {

  /** The header a bus command carries its service token in, as the bridges pass it through. */
  public static final String HEADER = "authorization";
  public static final int FORBIDDEN = 403;

  private static final Logger log = LoggerFactory.getLogger(BusAuthorization.class);
  private static final String BEARER = "Bearer ";

  private BusAuthorization() {
  }

  /** {@code handler}, reached only by messages carrying a service token with {@code scope}. */
  public static <T> Handler<Message<T>> requireScope(Vertx vertx, JsonObject config, String scope, String refusalCode,
                                                     Handler<Message<T>> handler) {
    TokenVerifier verifier = TokenVerifier.forNode(vertx, config);
    return message -> {
      String header = message.headers().get(HEADER);
      if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
        refuse(message, refusalCode, scope, "no bearer token");
        return;
      }
      verifier.verify(header.substring(BEARER.length()).trim()).onComplete(verified -> {
        if (verified.failed()) {
          refuse(message, refusalCode, scope, verified.cause().getMessage());
        } else if (!verified.result().isClient() || !verified.result().hasScope(scope)) {
          refuse(message, refusalCode, scope, verified.result().subject() + " lacks the scope");
        } else {
          handler.handle(message);
        }
      });
    };
  }

  private static void refuse(Message<?> message, String refusalCode, String scope, String why) {
    // the reason stays in the log: the token itself is never logged
    log.warn("refused a command on {} needing scope {}: {}", message.address(), scope, why);
    message.fail(FORBIDDEN, refusalCode);
  }
}
