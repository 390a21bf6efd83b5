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
 * @param pollInterval  how often each source is scanned for documents with pending events, a safety net under
 *                      its change stream
 * @param tokenSaveInterval how often each source's change stream position (its resume token) is saved, at most;
 *                      a relay taking over re-reads at most this much of the stream
 * @param concurrency   how many aggregates of one source are published at the same time
 * @param pullDelay     how long published events may wait in their outbox, to be removed together in one write
 */
public record OutboxRelaySettings(String service, String database, List<OutboxSource> sources, Duration leaseTtl,
                                  Duration pollInterval, int concurrency, Duration pullDelay, Duration tokenSaveInterval) {

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
   * second, the stream's position saved every second. The change stream names every write, the relay scans
   * when it takes over and a failed pass is retried by itself, so the periodic scan is only a safety net.
   */
  public static OutboxRelaySettings of(String service, String database, List<OutboxSource> sources) {
    return new OutboxRelaySettings(service, database, sources, Duration.ofSeconds(10), Duration.ofMinutes(5), 16,
      Duration.ofSeconds(1), Duration.ofSeconds(1));
  }

  public OutboxRelaySettings withLeaseTtl(Duration ttl) {
    return new OutboxRelaySettings(service, database, sources, ttl, pollInterval, concurrency, pullDelay, tokenSaveInterval);
  }

  public OutboxRelaySettings withPollInterval(Duration poll) {
    return new OutboxRelaySettings(service, database, sources, leaseTtl, poll, concurrency, pullDelay, tokenSaveInterval);
  }
}
