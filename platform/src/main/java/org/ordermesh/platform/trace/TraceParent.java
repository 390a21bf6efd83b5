package org.ordermesh.platform.trace;

import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A W3C Trace Context {@code traceparent}: {@code version-traceId-spanId-flags}, all lower-case hex.
 */
public record TraceParent(String version, String traceId, String spanId, String flags) {

  public static final String HEADER = "traceparent";

  private static final HexFormat HEX = HexFormat.of();

  public TraceParent {
    if (!isValid(version, traceId, spanId, flags)) {
      throw new IllegalArgumentException("not a valid traceparent");
    }
  }

  /** The parsed header, or empty when it is absent or breaks the W3C rules (the caller then starts a new trace). */
  public static Optional<TraceParent> parse(String header) {
    if (header == null) {
      return Optional.empty();
    }
    String[] parts = header.trim().split("-", -1);
    if (parts.length != 4 || !isValid(parts[0], parts[1], parts[2], parts[3])) {
      return Optional.empty();
    }
    return Optional.of(new TraceParent(parts[0], parts[1], parts[2], parts[3]));
  }

  /** A new trace, sampled. */
  public static TraceParent newRoot() {
    return new TraceParent("00", randomHex(16), randomHex(8), "01");
  }

  /** A new span of the same trace, for the work this process does on behalf of the caller. */
  public TraceParent child() {
    return new TraceParent("00", traceId, randomHex(8), flags);
  }

  public String header() {
    return version + "-" + traceId + "-" + spanId + "-" + flags;
  }

  @Override
  public String toString() {
    return header();
  }

  // only version 00 is understood; all-zero trace and span ids are invalid by the spec
  private static boolean isValid(String version, String traceId, String spanId, String flags) {
    return "00".equals(version)
        && isHex(traceId, 32) && !isZero(traceId)
        && isHex(spanId, 16) && !isZero(spanId)
        && isHex(flags, 2);
  }

  // every request parses and makes one: plain loops, no regex
  private static boolean isHex(String field, int length) {
    if (field == null || field.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = field.charAt(i);
      if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
        return false;
      }
    }
    return true;
  }

  private static boolean isZero(String field) {
    for (int i = 0; i < field.length(); i++) {
      if (field.charAt(i) != '0') {
        return false;
      }
    }
    return true;
  }

  // ids must be unique, not secret (W3C Trace Context, section 6): a thread-local generator, as OpenTelemetry's,
  // spares every request a SecureRandom shared by all event loops
  private static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    do {
      ThreadLocalRandom.current().nextBytes(b);
    } while (isAllZero(b));
    return HEX.formatHex(b);
  }

  private static boolean isAllZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }
}
