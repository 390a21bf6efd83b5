package org.ordermesh.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Queue;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The renewal schedule with a manual clock and a token endpoint played by promises: auth failing or being
 * slow at the exact moment a renewal is due cannot be caused otherwise (the real grant is in order's
 * ServiceTokenTest).
 */
@DisplayName("a service token")
class ServiceTokenRenewalTest {

  private final ManualClock clock = new ManualClock();
  private final Queue<Promise<JsonObject>> asked = new ArrayDeque<>();
  private final ServiceToken token = new ServiceToken(() -> {
    Promise<JsonObject> answer = Promise.promise();
    asked.add(answer);
    return answer.future();
  }, clock);

  private static JsonObject grant(String accessToken) {
    return new JsonObject().put("access_token", accessToken).put("token_type", "Bearer").put("expires_in", 100);
  }

  @Test
  @DisplayName("is asked for once and then answered from memory until four fifths of its life have passed")
  void answeredFromMemory() {
    Future<String> first = token.current();
    asked.remove().complete(grant("t1"));
    clock.advance(Duration.ofSeconds(79));

    assertThat(first.result()).isEqualTo("t1");
    assertThat(token.current().result()).isEqualTo("t1");
    assertThat(asked).isEmpty();
  }

  @Test
  @DisplayName("keeps serving the held token while one renewal runs, then the new one")
  void renewedInTheBackground() {
    token.current();
    asked.remove().complete(grant("t1"));
    clock.advance(Duration.ofSeconds(81));

    assertThat(token.current().result()).isEqualTo("t1");
    assertThat(token.current().result()).isEqualTo("t1");
    assertThat(asked).as("one renewal in flight").hasSize(1);
    asked.remove().complete(grant("t2"));

    assertThat(token.current().result()).isEqualTo("t2");
  }

  @Test
  @DisplayName("whose renewal fails serves until its exp, then fails until auth answers again")
  void failedRenewal() {
    token.current();
    asked.remove().complete(grant("t1"));
    clock.advance(Duration.ofSeconds(90));
    assertThat(token.current().result()).isEqualTo("t1");
    asked.remove().fail(new IllegalStateException("auth down"));

    clock.advance(Duration.ofSeconds(11));
    Future<String> expired = token.current();
    asked.remove().fail(new IllegalStateException("auth down"));
    assertThat(expired.failed()).isTrue();

    Future<String> again = token.current();
    asked.remove().complete(grant("t2"));
    assertThat(again.result()).isEqualTo("t2");
  }

  private static final class ManualClock extends Clock {
    private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
