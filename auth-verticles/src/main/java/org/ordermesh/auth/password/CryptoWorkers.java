package org.ordermesh.auth.password;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;

/**
 * The pool where the auth service hashes passwords, generates and decrypts keys and signs tokens: its own
 * pool, so a burst of logins cannot starve other blocking work, and ordered=false so calls run in parallel.
 */
public final class CryptoWorkers {

  private static final String POOL = "ordermesh-auth-crypto";

  private final WorkerExecutor executor;

  public CryptoWorkers(Vertx vertx) {
    this.executor = vertx.createSharedWorkerExecutor(POOL, Math.max(2, Runtime.getRuntime().availableProcessors()));
  }

  public <T> Future<T> run(Callable<T> work) {
    return executor.executeBlocking(work, false);
  }

  public Future<Void> close() {
    return executor.close();
  }
}
