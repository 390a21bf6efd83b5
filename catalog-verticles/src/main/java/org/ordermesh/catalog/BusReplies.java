package org.ordermesh.catalog;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;
import org.ordermesh.catalog.api.CatalogError;
import org.ordermesh.catalog.api.CatalogException;
import org.ordermesh.platform.discovery.ServiceRegistry.Registration;
import org.ordermesh.platform.mongo.MongoErrors;
import org.ordermesh.platform.node.NodeRuntime;
import org.ordermesh.platform.trace.TraceContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How the catalog's bus consumers answer: a reply, or {@code fail(status, errorCode)} from one mapping. */
public final class BusReplies {

  private static final Logger log = LoggerFactory.getLogger(BusReplies.class);

  private BusReplies() {
  }

  /** Runs the handling of a message and replies with its result, or fails it with the matching error code. */
  public static void answer(Message<JsonObject> message, Function<JsonObject, Future<JsonObject>> handling) {
    Future<JsonObject> reply;
    try {
      if (message.body() == null) {
        throw CatalogError.INVALID_MESSAGE.exception("the body must be a JSON object");
      }
      reply = handling.apply(message.body());
    } catch (RuntimeException e) {
      reply = Future.failedFuture(e);
    }
    reply.onSuccess(message::reply).onFailure(failure -> {
      CatalogError error = toError(failure);
      message.fail(error.status(), error.name());
    });
  }

  public static String action(JsonObject body) {
    return body.getValue("action") instanceof String action ? action : "";
  }

  public static CatalogException unknownAction(JsonObject body) {
    return CatalogError.INVALID_MESSAGE.exception("unknown action '" + action(body) + "'");
  }

  /** The one mapping from a failure to the error code a peer sees. */
  static CatalogError toError(Throwable failure) {
    if (failure instanceof CatalogException catalog) {
      return catalog.error();
    }
    if (MongoErrors.isUnavailable(failure)) {
      return CatalogError.STORE_UNAVAILABLE;
    }
    log.error("unexpected failure answering a message, trace {}", TraceContext.currentTraceId(), failure);
    return CatalogError.INTERNAL_ERROR;
  }

  /** Unpublishes the address's discovery record, then stops taking messages. */
  public static Future<Void> withdraw(Vertx vertx, Registration registration, MessageConsumer<?> consumer) {
    Future<Void> unpublished = registration == null
        ? Future.succeededFuture()
        : NodeRuntime.of(vertx).registry().unpublish(registration).recover(e -> Future.succeededFuture());
    return unpublished.compose(v -> consumer == null ? Future.succeededFuture() : consumer.unregister());
  }
}
