package org.ordermesh.platform.service;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Deploys a service's verticles one after the other, so each may rely on those before it. */
public final class Deployments {

  private Deployments() {
  }

  /**
   * Deploys {@code verticles} in order with {@code options}; the ids, in the same order. If one fails,
   * those already deployed are undeployed and the failure is returned.
   */
  public static Future<List<String>> inOrder(Vertx vertx, DeploymentOptions options,
                                             List<Supplier<? extends Deployable>> verticles) {
    var ids = new ArrayList<String>();
    Future<Void> chain = Future.succeededFuture();
    for (var verticle : verticles) {
      chain = chain.compose(v -> vertx.deployVerticle(verticle, options)).map(id -> {
        ids.add(id);
        return null;
      });
    }
    return chain.<List<String>>map(v -> List.copyOf(ids)).recover(failure -> Future.join(ids.stream()
        .map(vertx::undeploy).toList())
      .transform(v -> Future.failedFuture(failure)));
  }
}
