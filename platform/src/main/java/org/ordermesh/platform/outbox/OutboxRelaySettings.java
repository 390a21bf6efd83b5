package org.ordermesh.platform.outbox;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How one service's outbox relay runs.
 *
 * @param service       the service name: names the lease ({@code <service>-relay}) and the metrics tag
 * @param database      the service's Mongo database, holding its sources and the relay's state
 * @param sources       the collections whose outboxes it publishes
 * @param leaseTtl      how long a lease holds without renewal; a stopped holder's successor waits at most this
 * @param pollInterval  how often each source is scanned for documents with pending events
 * @param concurrency   how many aggregates of one source are published at the same time
 * @param pullDelay     how long published events may wait in their outbox, to be removed together in one write
 */
public record OutboxRelaySettings(String service, String database, List<OutboxSource> sources, Duration leaseTtl,
                                  Duration pollInterval, int concurrency, Duration pullDelay) {

  public OutboxRelaySettings {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(database, "database");
    sources = List.copyOf(sources);
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1");
    }
  }

  /**
   * Defaults: a 10 s lease, a scan every 5 minutes, 16 aggregates at once, published events removed every
   * second. Writers nudge the relay, a failed pass is retried by itself, and the relay scans when it takes over,
   * so the periodic scan only catches a nudge lost on the way; on a store without an index for it (the embedded
   * one) each scan reads the whole collection under its lock (~0.5 s at 100,000 orders, measured as p99).
   */
  public static OutboxRelaySettings of(String service, String database, List<OutboxSource> sources) {
    return new OutboxRelaySettings(service, database, sources, Duration.ofSeconds(10), Duration.ofMinutes(5), 16,
      Duration.ofSeconds(1));
  }

  public OutboxRelaySettings withLeaseTtl(Duration ttl) {
    return new OutboxRelaySettings(service, database, sources, ttl, pollInterval, concurrency, pullDelay);
  }

  public OutboxRelaySettings withPollInterval(Duration poll) {
    return new OutboxRelaySettings(service, database, sources, leaseTtl, poll, concurrency, pullDelay);
  }
}
