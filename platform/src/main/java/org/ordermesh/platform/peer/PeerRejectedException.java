package org.ordermesh.platform.peer;

/**
 * The peer answered and refused the request (a 4xx, or an event bus failure code below 500). Not
 * retried and not counted against the breaker: the peer is healthy, the request is not.
 */
public class PeerRejectedException extends RuntimeException {

  private final String peer;
  private final int status;
  private final String body;

  public PeerRejectedException(String peer, int status, String body) {
    super(peer + " rejected the request with " + status, null, false, false);
    this.peer = peer;
    this.status = status;
    this.body = body;
  }

  public String peer() {
    return peer;
  }

  public int status() {
    return status;
  }

  public String body() {
    return body;
  }
}
