package org.ordermesh.platform.http;

import io.netty.util.NetUtil;
import java.util.List;

/**
 * The proxies whose {@code X-Forwarded-For} is believed (auth's {@code ORDERMESH_AUTH_TRUSTED_PROXIES}, the
 * gateway's {@code ORDERMESH_GATEWAY_TRUSTED_PROXIES}): IP
 * addresses and CIDR ranges, IPv4 or IPv6, e.g. {@code 10.0.0.0/8,127.0.0.1,fd00::/8}. Only literals are
 * taken, since a name would need a DNS lookup on every request and could change under it.
 */
public final class TrustedProxies {

  private record Range(byte[] network, int prefix) {

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = 0xFF << (8 - rest) & 0xFF;
      return (address[full] & mask) == (network[full] & mask);
    }
  }

  private final List<Range> ranges;

  private TrustedProxies(List<Range> ranges) {
    this.ranges = ranges;
  }

  /** The ranges of a setting's entries; IllegalArgumentException naming the setting for one that is not. */
  public static TrustedProxies parse(String setting, List<String> entries) {
    return new TrustedProxies(entries.stream().map(String::trim).filter(e -> !e.isEmpty())
        .map(entry -> range(setting, entry)).toList());
  }

  /** The address each proxy appends to {@code X-Forwarded-For}: the hops before it are kept only from a trusted peer. */
  public String appendedTo(String forwardedFor, String peer) {
    return forwardedFor == null || forwardedFor.isBlank() || !contains(peer) ? peer : forwardedFor + ", " + peer;
  }

  /** Whether {@code address} (an IP literal) is in one of the ranges; false for anything that is not an IP. */
  public boolean contains(String address) {
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
    return bytes != null && ranges.stream().anyMatch(range -> range.contains(bytes));
  }

  private static Range range(String setting, String entry) {
    int slash = entry.indexOf('/');
    byte[] network = NetUtil.createByteArrayFromIpAddressString(slash < 0 ? entry : entry.substring(0, slash));
    if (network == null) {
      throw invalid(setting, entry);
    }
    int bits = network.length * 8;
    int prefix;
    try {
      prefix = slash < 0 ? bits : Integer.parseInt(entry.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw invalid(setting, entry);
    }
    if (prefix < 0 || prefix > bits) {
      throw invalid(setting, entry);
    }
    return new Range(network, prefix);
  }

  private static IllegalArgumentException invalid(String setting, String entry) {
    return new IllegalArgumentException(setting + ": '" + entry + "' is not an IP address or a CIDR range");
  }
}
