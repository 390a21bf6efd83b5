package org.ordermesh.order;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Settings the order service cannot run with stop its deployment before any of its verticles starts. */
@DisplayName("the order service's settings")
class OrderServiceSettingsTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("an extension step after the pivot refuses the deployment with one line naming the setting")
  void extensionAfterPivot() {
    var settings = new JsonObject().put("ORDERMESH_SAGA_EXTENSIONS",
      "[{\"name\": \"risk\", \"address\": \"saga.step.risk\", \"before\": \"commit-stock\"}]");

    assertThatThrownBy(() -> new OrderService().deploy(vertx, settings).await(10, TimeUnit.SECONDS))
      .isInstanceOf(IllegalArgumentException.class)
      .hasMessage("ORDERMESH_SAGA_EXTENSIONS step 'risk': 'before' must be one of [reserve-stock, authorize-payment]"
        + " (extension steps run before the pivot), got 'commit-stock'");
    assertThat(vertx.deploymentIDs()).isEmpty();
  }
}
