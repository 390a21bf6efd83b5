package org.ordermesh.platform.security;

import java.time.Clock;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verified tokens by their whole text, each until its {@code exp}: the hot path is a map lookup, not an
 * RSA check. Bounded: when full, expired entries go first, then arbitrary ones (a miss only costs a verify).
 */
final class VerifiedTokenCache {

  private final int capacity;
  private final Clock clock;
  private final Map<String, Principal> entries = new ConcurrentHashMap<>();

  VerifiedTokenCache(int capacity, Clock clock) {
    this.capacity = capacity;
    this.clock = clock;
  }

  Principal get(String token) {
    Principal principal = entries.get(token);
    if (principal == null) {
      return null;
    }
    if (!clock.instant().isBefore(principal.expiresAt())) {
      entries.remove(token, principal);
      return null;
    }
    return principal;
  }

  void put(String token, Principal principal) {
    if (capacity <= 0) {
      return;
    }
    if (entries.size() >= capacity) {
      evict();
    }
    entries.put(token, principal);
  }

  int size() {
    return entries.size();
  }

  private void evict() {
    var now = clock.instant();
    entries.values().removeIf(principal -> !now.isBefore(principal.expiresAt()));
    Iterator<String> tokens = entries.keySet().iterator();
    while (entries.size() >= capacity && tokens.hasNext()) {
      tokens.next();
      tokens.remove();
    }
  }
}
