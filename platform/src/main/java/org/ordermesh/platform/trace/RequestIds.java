package org.ordermesh.platform.trace;

import java.util.UUID;

/** The {@code X-Request-Id} rules: a caller's id is kept when it is 1..200 visible ASCII characters. */
public final class RequestIds {

  public static final String HEADER = "X-Request-Id";
  private static final int MAX_LENGTH = 200;

  private RequestIds() {
  }

  public static boolean isValid(String candidate) {
    return candidate != null
        && !candidate.isEmpty()
        && candidate.length() <= MAX_LENGTH
        && candidate.chars().allMatch(c -> c > 0x20 && c < 0x7f);
  }

  /** The candidate when valid, a new random id otherwise. */
  public static String acceptOrCreate(String candidate) {
    return isValid(candidate) ? candidate : UUID.randomUUID().toString();
  }
}
