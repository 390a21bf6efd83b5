package org.ordermesh.platform.trace;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.tracing.TagExtractor;
import io.vertx.ext.mongo.MongoClient;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;

/**
 * A store client whose calls are client spans of the work that makes them ({@code mongo find orders}, with the
 * OpenTelemetry database attributes). vertx-mongo-client has no tracing of its own; on a node without a tracer
 * the client is returned as it is, so this costs nothing there.
 */
public final class TracedMongo {

  private static final TagExtractor<Call> TAGS = new TagExtractor<>() {
    @Override
    public int len(Call call) {
      return call.collection() == null ? 3 : 4;
    }

    @Override
    public String name(Call call, int index) {
      return List.of("db.system", "db.namespace", "db.operation.name", "db.collection.name").get(index);
    }

    @Override
    public String value(Call call, int index) {
      return switch (index) {
        case 0 -> "mongodb";
        case 1 -> call.database();
        case 2 -> call.operation();
        default -> call.collection();
      };
    }
  };

  private TracedMongo() {
  }

  public static MongoClient wrap(Vertx vertx, MongoClient client, String database) {
    if (((VertxInternal) vertx).tracer() == null) {
      return client;
    }
    return (MongoClient) Proxy.newProxyInstance(MongoClient.class.getClassLoader(), new Class<?>[] {MongoClient.class},
      (proxy, method, args) -> {
        ContextInternal context = ContextInternal.current();
        if (context == null || !Future.class.isAssignableFrom(method.getReturnType())) {
          return invoke(client, method, args);
        }
        // the first argument of every collection command is the collection's name
        String collection = args != null && args.length > 0 && args[0] instanceof String name ? name : null;
        Object span = Spans.sendRequest(context, new Call(database, collection, method.getName()),
          "mongo " + method.getName() + (collection == null ? "" : " " + collection), TAGS);
        Future<?> result = (Future<?>) invoke(client, method, args);
        return span == null ? result : result.andThen(done -> Spans.endRequest(context, span, done.cause()));
      });
  }

  private static Object invoke(MongoClient client, java.lang.reflect.Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(client, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private record Call(String database, String collection, String operation) {
  }
}
