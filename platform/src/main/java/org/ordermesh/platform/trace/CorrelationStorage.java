package org.ordermesh.platform.trace;

import io.vertx.core.internal.VertxBootstrap;
import io.vertx.core.spi.VertxServiceProvider;
import io.vertx.core.spi.context.storage.ContextLocal;
import java.util.function.Function;

/**
 * Owns the context-local slot that holds the {@link Correlation}. Vert.x sizes each context's local storage
 * when a Vertx instance is built, so this class is listed in META-INF/services to be loaded (and the slot
 * registered) before any Vertx exists.
 */
public final class CorrelationStorage implements VertxServiceProvider {

  // a context duplicated from a request's context works for the same request, so it keeps the correlation
  static final ContextLocal<Correlation> LOCAL = ContextLocal.registerLocal(Correlation.class, Function.identity());

  @Override
  public void init(VertxBootstrap bootstrap) {
    // registration happens in the static initialiser; nothing to configure on the builder
  }
}
