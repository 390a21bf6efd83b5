package org.ordermesh.platform.discovery;

/** No record of the named peer is published right now. */
public class PeerNotFoundException extends RuntimeException {

  public PeerNotFoundException(String name) {
    super("no published endpoint for '" + name + "'", null, false, false);
  }
}
