package org.ordermesh.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the verified-token cache")
class VerifiedTokenCacheTest {

  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  private static Principal principal(Instant expiresAt) {
    return new Principal("user-1", null, Set.of(), Set.of(), null, expiresAt);
  }

  @Test
  @DisplayName("when full drops the least recently used token, not one in use")
  void leastRecentlyUsedGoesFirst() {
    VerifiedTokenCache cache = new VerifiedTokenCache(2, Clock.fixed(NOW, ZoneOffset.UTC));
    cache.put("a", "k1", principal(NOW.plusSeconds(60)));
    cache.put("b", "k1", principal(NOW.plusSeconds(60)));
    assertThat(cache.get("a")).isNotNull();

    cache.put("c", "k1", principal(NOW.plusSeconds(60)));

    assertThat(cache.get("b")).isNull();
    assertThat(cache.get("a")).isNotNull();
    assertThat(cache.get("c")).isNotNull();
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  @DisplayName("drops the tokens of keys that are no longer published, and expired ones")
  void dropsRetiredKeys() {
    VerifiedTokenCache cache = new VerifiedTokenCache(10, Clock.fixed(NOW, ZoneOffset.UTC));
    cache.put("a", "old", principal(NOW.plusSeconds(60)));
    cache.put("b", "new", principal(NOW.plusSeconds(60)));
    cache.put("c", "new", principal(NOW.minusSeconds(1)));

    cache.retainKeys(Set.of("new"));

    assertThat(cache.get("a")).isNull();
    assertThat(cache.get("b")).isNotNull();
    assertThat(cache.get("c")).isNull();
  }
}
