package org.ordermesh.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Finds a port that is free right now, for servers that must be told their port before they bind. */
final class FreePort {

  private FreePort() {
  }

  static int on(String host) {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + host, e);
    }
  }

  static int orGiven(String host, int port) {
    return port == 0 ? on(host) : port;
  }
}
