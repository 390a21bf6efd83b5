package org.ordermesh.payment.support;

import io.vertx.ext.mongo.MongoClient;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

/** A Mongo client that records the name of every call (each one a store round trip) before passing it on. */
public final class CountingMongo {

  private final List<String> calls = new ArrayList<>();
  private final MongoClient client;

  public CountingMongo(MongoClient target) {
    client = (MongoClient) Proxy.newProxyInstance(MongoClient.class.getClassLoader(), new Class<?>[]{MongoClient.class},
      (proxy, method, args) -> {
        synchronized (calls) {
          calls.add(method.getName());
        }
        try {
          return method.invoke(target, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      });
  }

  public MongoClient client() {
    return client;
  }

  /** The calls made since the last time this was asked, oldest first. */
  public List<String> takeCalls() {
    synchronized (calls) {
      var taken = List.copyOf(calls);
      calls.clear();
      return taken;
    }
  }
}
