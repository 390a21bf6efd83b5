package org.ordermesh.bench.run;

import io.vertx.ext.web.client.WebClient;

/**
 * What an operation knows about its own firing: the lane's client, its sequence number and the time it was
 * scheduled for, so it can record a partial latency (e.g. the 202 of an order) from the same origin.
 */
public final class Shot {

  /** Where shots are fired from: an open-loop lane or a closed-loop worker. */
  interface Source {
    WebClient client();

    io.vertx.core.Vertx vertx();

    void recordPart(String name, long intended, long now);
  }

  private final Source lane;
  private final long seq;
  private final long intendedNanos;

  Shot(Source lane, long seq, long intendedNanos) {
    this.lane = lane;
    this.seq = seq;
    this.intendedNanos = intendedNanos;
  }

  public WebClient client() {
    return lane.client();
  }

  public io.vertx.core.Vertx vertx() {
    return lane.vertx();
  }

  public long seq() {
    return seq;
  }

  /** Records the time from the scheduled start until now under {@code name}, if this shot is measured. */
  public void mark(String name) {
    lane.recordPart(name, intendedNanos, System.nanoTime());
  }
}
