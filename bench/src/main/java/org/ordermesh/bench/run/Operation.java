package org.ordermesh.bench.run;

import io.vertx.core.Future;

/** One scheduled unit of work: a request, or a request and what it takes to see its outcome. */
@FunctionalInterface
public interface Operation {

  /** Starts the work; the future fails for an error, with a short reason as its message (e.g. "HTTP 503"). */
  Future<?> run(Shot shot);
}
