package org.ordermesh.platform.peer;

/**
 * How calls to one peer are guarded.
 *
 * @param name              the peer's discovery name; also the breaker's name in logs and metrics
 * @param timeoutMillis     one attempt's time limit
 * @param maxFailures       failed calls (after their retries) that open the breaker
 * @param resetTimeoutMillis how long the breaker stays open before letting one trial call through
 * @param maxRetries        retries of a failed attempt while the breaker is closed
 * @param retryBaseMillis   first retry delay; later ones grow exponentially, with jitter
 * @param retryMaxMillis    the largest retry delay
 * @param maxInFlight       calls in flight at once from this node (0: no bound); more wait in the node, in order,
 *                          and their timeout and the breaker start only when they are sent, so the node's own
 *                          queueing never counts against the peer and the peer's queue stays short
 */
public record PeerOptions(String name, long timeoutMillis, int maxFailures, long resetTimeoutMillis,
                          int maxRetries, long retryBaseMillis, long retryMaxMillis, int maxInFlight) {

  public static PeerOptions defaults(String name) {
    return new PeerOptions(name, 2_000, 5, 10_000, 2, 50, 1_000, 0);
  }

  public PeerOptions withTimeout(long millis) {
    return new PeerOptions(name, millis, maxFailures, resetTimeoutMillis, maxRetries, retryBaseMillis, retryMaxMillis, maxInFlight);
  }

  public PeerOptions withBreaker(int failures, long resetMillis) {
    return new PeerOptions(name, timeoutMillis, failures, resetMillis, maxRetries, retryBaseMillis, retryMaxMillis, maxInFlight);
  }

  public PeerOptions withRetries(int retries, long baseMillis, long maxMillis) {
    return new PeerOptions(name, timeoutMillis, maxFailures, resetTimeoutMillis, retries, baseMillis, maxMillis, maxInFlight);
  }

  public PeerOptions withMaxInFlight(int calls) {
    return new PeerOptions(name, timeoutMillis, maxFailures, resetTimeoutMillis, maxRetries, retryBaseMillis, retryMaxMillis, calls);
  }
}
