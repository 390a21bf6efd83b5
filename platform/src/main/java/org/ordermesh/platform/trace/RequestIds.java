package org.ordermesh.platform.trace;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** The {@code X-Request-Id} rules: a caller's id is kept when it is 1..200 visible ASCII characters. */
public final class RequestIds {

  public static final String HEADER = "X-Request-Id";
  private static final int MAX_LENGTH = 200;

  private RequestIds() {
  }

  public static boolean isValid(String candidate) {
    if (candidate == null || candidate.isEmpty() || candidate.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < candidate.length(); i++) {
      char c = candidate.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        return false;
      }
    }
    return true;
  }

  /** The candidate when valid, a new random id otherwise. */
  public static String acceptOrCreate(String candidate) {
    return isValid(candidate) ? candidate : newId();
  }

  // a version 4 UUID as before, from a thread-local generator: a request id must be unique, not secret, and
  // UUID.randomUUID() takes a SecureRandom lock shared by every event loop
  private static String newId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }
}
