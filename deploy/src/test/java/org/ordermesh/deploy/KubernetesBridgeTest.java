package org.ordermesh.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordermesh.deploy.Overlay.component;
import static org.ordermesh.deploy.Overlay.container;
import static org.ordermesh.deploy.Overlay.containerPort;
import static org.ordermesh.deploy.Overlay.resolve;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import org.junit.jupiter.api.DisplayName;

/** The TCP event bus bridge, which the gateway node runs beside its HTTP port. */
@DisplayName("the Kubernetes manifests, for the TCP event bus bridge,")
class KubernetesBridgeTest {

  @EachOverlay
  @DisplayName("open it on the gateway where its settings put it, behind the gateway Service, from anywhere like http")
  void gatewayExposesTheBridge(String overlay) {
    var rendered = Overlay.named(overlay);
    var gateway = rendered.deployments().stream().filter(d -> component(d).equals("gateway")).findFirst().orElseThrow();
    var node = container(gateway);
    var port = rendered.settingsOf(gateway).integer("ORDERMESH_BRIDGE_PORT");
    var servicePort = rendered.get(Service.class, gateway.getMetadata().getName()).getSpec().getPorts().stream()
        .filter(p -> "bridge".equals(p.getName())).findFirst().orElseThrow();
    var fromAnywhere = rendered.get(NetworkPolicy.class, "gateway-from-anywhere").getSpec().getIngress().get(0).getPorts();

    assertThat(containerPort(node, "bridge")).isEqualTo(port);
    assertThat(servicePort.getPort()).isEqualTo(port);
    assertThat(resolve(node, servicePort.getTargetPort())).isEqualTo(port);
    assertThat(fromAnywhere).anySatisfy(p -> assertThat(p.getPort().getStrVal()).isEqualTo("bridge"));
  }
}
