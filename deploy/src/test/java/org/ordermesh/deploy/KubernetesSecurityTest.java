package org.ordermesh.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordermesh.deploy.Overlay.component;
import static org.ordermesh.deploy.Overlay.container;
import static org.ordermesh.deploy.Overlay.podLabels;
import static org.ordermesh.deploy.Overlay.selects;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The Kubernetes security settings")
class KubernetesSecurityTest {

  static final long NODE_UID = 10001;

  @EachOverlay
  @DisplayName("run every pod as the image's non-root user under the runtime's seccomp profile")
  void podSecurity(String overlay) {
    for (Deployment deployment : Overlay.named(overlay).deployments()) {
      var pod = deployment.getSpec().getTemplate().getSpec();

      assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(component(deployment)).isTrue();
      assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(NODE_UID);
      assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
      assertThat(pod.getEnableServiceLinks()).as("no Service link variables among the settings").isFalse();
      assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    }
  }

  @EachOverlay
  @DisplayName("give every container a read-only root, no capabilities and a writable /tmp")
  void containerSecurity(String overlay) {
    for (Deployment deployment : Overlay.named(overlay).deployments()) {
      var node = container(deployment);
      var context = node.getSecurityContext();
      var tmp = node.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp")).findFirst();

      assertThat(context.getReadOnlyRootFilesystem()).as(component(deployment)).isTrue();
      assertThat(context.getAllowPrivilegeEscalation()).isFalse();
      assertThat(context.getCapabilities().getDrop()).containsExactly("ALL");
      assertThat(context.getRunAsUser()).as("no container overrides the pod's user").isNull();
      assertThat(tmp).isPresent();
      assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes())
          .filteredOn(volume -> volume.getName().equals(tmp.get().getName()))
          .singleElement()
          .satisfies(volume -> assertThat(volume.getEmptyDir()).isNotNull());
    }
  }

  @EachOverlay
  @DisplayName("deny ingress by default and let only the gateway take traffic from outside the namespace")
  void onlyTheGatewayIsExposed(String overlay) {
    var policies = Overlay.named(overlay).all(NetworkPolicy.class);

    assertThat(policies).anySatisfy(policy -> {
      assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
      assertThat(policy.getSpec().getPolicyTypes()).contains("Ingress");
      assertThat(policy.getSpec().getIngress()).isNullOrEmpty();
    });
    for (Deployment deployment : Overlay.named(overlay).deployments()) {
      var outsideRules = ingressRules(policies, podLabels(deployment)).filter(KubernetesSecurityTest::admitsOutsiders);
      if (component(deployment).equals("gateway")) {
        assertThat(outsideRules).as("the gateway is reachable from outside").isNotEmpty();
      } else {
        assertThat(outsideRules).as("only Prometheus, from its namespace, reaches " + component(deployment))
            .allSatisfy(KubernetesSecurityTest::assertMetricsOnly);
      }
    }
  }

  @EachOverlay
  @DisplayName("let the nodes reach each other's HTTP, Hazelcast and event bus ports")
  void nodesReachEachOther(String overlay) {
    var rendered = Overlay.named(overlay);
    for (Deployment deployment : rendered.deployments()) {
      var fromNodes = ingressRules(rendered.all(NetworkPolicy.class), podLabels(deployment))
          .filter(rule -> rule.getFrom().stream().anyMatch(peer -> peer.getPodSelector() != null
              && selects(peer.getPodSelector().getMatchLabels(), podLabels(deployment))));

      assertThat(fromNodes).flatExtracting(NetworkPolicyIngressRule::getPorts)
          .extracting(port -> port.getPort().getStrVal())
          .as(component(deployment))
          .contains("http", "hazelcast", "eventbus");
    }
  }

  @Test
  @DisplayName("render dev's Secrets, with every key its pods read")
  void devSecrets() {
    var dev = Overlay.named("dev");
    for (Deployment deployment : dev.deployments()) {
      container(deployment).getEnvFrom().stream()
          .filter(source -> source.getSecretRef() != null)
          .forEach(source -> assertThat(dev.find(Secret.class, source.getSecretRef().getName())).isPresent());
    }
  }

  @Test
  @DisplayName("leave prod's Secrets to the operator, so applying prod never overwrites them")
  void prodRendersNoSecrets() {
    assertThat(Overlay.named("prod").all(Secret.class)).isEmpty();
  }

  private static Stream<NetworkPolicyIngressRule> ingressRules(List<NetworkPolicy> policies, Map<String, String> pod) {
    return policies.stream()
        .filter(policy -> policy.getSpec().getPodSelector().getMatchLabels() != null)
        .filter(policy -> selects(policy.getSpec().getPodSelector().getMatchLabels(), pod))
        .flatMap(policy -> policy.getSpec().getIngress().stream());
  }

  /** A rule with no peers admits everyone; a namespace selector or an IP block admits other namespaces. */
  private static boolean admitsOutsiders(NetworkPolicyIngressRule rule) {
    return rule.getFrom().isEmpty()
        || rule.getFrom().stream().anyMatch(peer -> peer.getNamespaceSelector() != null || peer.getIpBlock() != null);
  }

  private static void assertMetricsOnly(NetworkPolicyIngressRule rule) {
    assertThat(rule.getFrom()).isNotEmpty().allSatisfy(KubernetesSecurityTest::assertMonitoringNamespace);
    assertThat(rule.getPorts()).singleElement().satisfies(port -> assertThat(port.getPort().getStrVal()).isEqualTo("http"));
  }

  private static void assertMonitoringNamespace(NetworkPolicyPeer peer) {
    assertThat(peer.getIpBlock()).isNull();
    assertThat(peer.getNamespaceSelector().getMatchLabels()).containsEntry("kubernetes.io/metadata.name", "monitoring");
  }
}
