package org.ordermesh.platform.discovery;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.platform.testing.TestNode;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("the service registry")
class DiscoveryServiceRegistryTest {

  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start();
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  @Test
  @DisplayName("finds a published HTTP endpoint by name until it is withdrawn")
  void httpEndpoints() throws Exception {
    var registry = node.runtime().registry();
    var registration = registry.publishHttp("inventory-http", "10.1.2.3", 8082).await(5, TimeUnit.SECONDS);

    var address = registry.lookupHttp("inventory-http").await(5, TimeUnit.SECONDS);
    assertThat(address.host()).isEqualTo("10.1.2.3");
    assertThat(address.port()).isEqualTo(8082);

    registry.unpublish(registration).await(5, TimeUnit.SECONDS);
    assertThatThrownBy(() -> registry.lookupHttp("inventory-http").await(5, TimeUnit.SECONDS))
      .isInstanceOf(PeerNotFoundException.class);
  }

  @Test
  @DisplayName("finds a published event bus address by name")
  void eventBusAddresses() throws Exception {
    var registry = node.runtime().registry();
    registry.publishEventBus("inventory-bus", "catalog.inventory").await(5, TimeUnit.SECONDS);

    assertThat(registry.lookupEventBus("inventory-bus").await(5, TimeUnit.SECONDS)).isEqualTo("catalog.inventory");
  }
}
