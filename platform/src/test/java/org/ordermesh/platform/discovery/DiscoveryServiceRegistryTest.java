package org.ordermesh.platform.discovery;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import io.vertx.servicediscovery.ServiceDiscovery;
import io.vertx.servicediscovery.types.HttpEndpoint;
import org.ordermesh.platform.testing.Await;
import org.ordermesh.platform.testing.TestNode;

import java.time.Duration;
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

  @Test
  @DisplayName("follows records another member publishes and withdraws, though it answers lookups from a copy")
  void followsOtherMembers() throws Exception {
    var registry = node.runtime().registry();
    // another discovery on the same backend, as another member of the cluster has
    var other = ServiceDiscovery.create(node.vertx());
    try {
      assertThatThrownBy(() -> registry.lookupHttp("elsewhere-http").await(5, TimeUnit.SECONDS))
        .isInstanceOf(PeerNotFoundException.class);

      var record = other.publish(HttpEndpoint.createRecord("elsewhere-http", "10.9.8.7", 9090, "/"))
        .await(5, TimeUnit.SECONDS);
      Await.until(Duration.ofSeconds(10), () -> found(registry, "elsewhere-http"));
      assertThat(registry.lookupHttp("elsewhere-http").await(5, TimeUnit.SECONDS).port()).isEqualTo(9090);

      other.unpublish(record.getRegistration()).await(5, TimeUnit.SECONDS);
      Await.until(Duration.ofSeconds(10), () -> !found(registry, "elsewhere-http"));
    } finally {
      other.close();
    }
  }

  private static boolean found(ServiceRegistry registry, String name) {
    try {
      registry.lookupHttp(name).await(5, TimeUnit.SECONDS);
      return true;
    } catch (PeerNotFoundException e) {
      return false;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
