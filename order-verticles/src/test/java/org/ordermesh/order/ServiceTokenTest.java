package org.ordermesh.order;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.auth.AuthService;
import org.ordermesh.order.support.OrderSystem;
import org.ordermesh.platform.security.ServiceToken;
import org.ordermesh.platform.security.TokenVerifier;
import org.ordermesh.platform.testing.Await;
import org.ordermesh.platform.testing.TestNode;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordermesh.order.support.OrderSystem.await;

@DisplayName("the order service's token")
class ServiceTokenTest {

  private static TestNode node;

  @BeforeAll
  static void start() {
    // tokens live 20 s, so the renewal (at four fifths of the lifetime) comes within the test
    node = TestNode.start(OrderSystem.settings(new JsonObject().put("ORDERMESH_ACCESS_TOKEN_SECONDS", 20)));
    await(new AuthService().deploy(node.vertx(), node.settings()));
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  @Test
  @DisplayName("is got by client_credentials with both scopes and renewed before it expires")
  void renewedBeforeExpiry() {
    var config = OrderConfig.from(node.settings());
    var token = ServiceToken.forNode(node.vertx(), config.clientId(), config.clientSecret(),
      Set.of("catalog.inventory", "payment.payments"));
    var verifier = TokenVerifier.forNode(node.vertx(), node.settings());
    var first = await(token.current());
    var principal = await(verifier.verify(first));
    assertThat(principal.clientId()).isEqualTo("order");
    assertThat(principal.scopes()).containsExactlyInAnyOrder("catalog.inventory", "payment.payments");
    assertThat(await(token.current())).as("answered from memory until the renewal is due").isEqualTo(first);

    var renewed = new AtomicReference<String>();
    var seenAt = new AtomicReference<Instant>();
    Await.until(Duration.ofSeconds(60), () -> {
      var current = await(token.current());
      seenAt.set(Instant.now());
      renewed.set(current);
      return !current.equals(first);
    });

    assertThat(seenAt.get()).as("the new token came while the first was still valid").isBefore(principal.expiresAt());
    assertThat(await(verifier.verify(renewed.get())).scopes()).contains("catalog.inventory", "payment.payments");
  }
}
