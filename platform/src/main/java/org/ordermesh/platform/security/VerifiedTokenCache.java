package org.ordermesh.platform.security;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Verified tokens by their whole text, each until its {@code exp} and while the key that signed it is
 * published: the hot path is a map lookup, not an RSA check. Bounded, least recently used first out, so a
 * flood of distinct tokens cannot push out the ones in use (a miss only costs a verify).
 */
final class VerifiedTokenCache {

  private record Entry(String kid, Principal principal) {
  }

  private final int capacity;
  private final Clock clock;
  private final LinkedHashMap<String, Entry> entries;

  VerifiedTokenCache(int capacity, Clock clock) {
    this.capacity = capacity;
    this.clock = clock;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
        return size() > VerifiedTokenCache.this.capacity;
      }
    };
  }

  synchronized Principal get(String token) {
    Entry entry = entries.get(token);
    if (entry == null) {
      return null;
    }
    if (!clock.instant().isBefore(entry.principal().expiresAt())) {
      entries.remove(token);
      return null;
    }
    return entry.principal();
  }

  synchronized void put(String token, String kid, Principal principal) {
    if (capacity > 0) {
      entries.put(token, new Entry(kid, principal));
    }
  }

  /** Drops every token signed by a key not in {@code published}, and every expired one. */
  synchronized void retainKeys(Set<String> published) {
    var now = clock.instant();
    entries.values().removeIf(entry -> !published.contains(entry.kid()) || !now.isBefore(entry.principal().expiresAt()));
  }

  synchronized int size() {
    return entries.size();
  }
}
