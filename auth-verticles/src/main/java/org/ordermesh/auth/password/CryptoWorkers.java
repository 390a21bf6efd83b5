package org.ordermesh.auth.password;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.ordermesh.platform.http.ApiException;

/**
 * The pool where the auth service hashes passwords, generates and decrypts keys and signs tokens: its own
 * pool, so a burst of logins cannot starve other blocking work, and ordered=false so calls run in parallel.
 * Work a request asks for ({@link #admit}: password hashes) is bounded: at most {@code queueLimit} such calls
 * wait or run at once, past that a call fails at once with 503 and {@code Retry-After}, so a flood of logins
 * answers quickly instead of queueing without bound. Key work and signing ({@link #run}) are never refused.
 */
public final class CryptoWorkers {

  private static final String POOL = "ordermesh-auth-crypto";
  private static final long RETRY_AFTER_SECONDS = 1;

  private final WorkerExecutor executor;
  private final int queueLimit;
  private final AtomicInteger inFlight = new AtomicInteger();

  /** {@code queueLimit}: calls waiting or running at once ({@code ORDERMESH_AUTH_CRYPTO_QUEUE}). */
  public CryptoWorkers(Vertx vertx, int queueLimit) {
    this.executor = vertx.createSharedWorkerExecutor(POOL, Math.max(2, Runtime.getRuntime().availableProcessors()));
    this.queueLimit = queueLimit;
  }

  public <T> Future<T> run(Callable<T> work) {
    return executor.executeBlocking(work, false);
  }

  /** Runs work a request asked for, or fails with 503 when {@code queueLimit} such calls are waiting or running. */
  public <T> Future<T> admit(Callable<T> work) {
    if (inFlight.incrementAndGet() > queueLimit) {
      inFlight.decrementAndGet();
      return Future.failedFuture(ApiException.unavailable(RETRY_AFTER_SECONDS));
    }
    return executor.executeBlocking(work, false).andThen(done -> inFlight.decrementAndGet());
  }

  public Future<Void> close() {
    return executor.close();
  }
}
