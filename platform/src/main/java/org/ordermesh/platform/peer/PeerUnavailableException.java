package org.ordermesh.platform.peer;

/** The peer could not answer: unreachable, timed out, 5xx, or its breaker is open. Worth retrying later. */
public class PeerUnavailableException extends RuntimeException {

  private final String peer;

  public PeerUnavailableException(String peer, String message, Throwable cause) {
    super(peer + " unavailable: " + message, cause);
    this.peer = peer;
  }

  public String peer() {
    return peer;
  }
}
