package org.ordermesh.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordermesh.deploy.Overlay.component;
import static org.ordermesh.deploy.Overlay.container;
import static org.ordermesh.deploy.Overlay.containerPort;
import static org.ordermesh.deploy.Overlay.podLabels;
import static org.ordermesh.deploy.Overlay.resolve;
import static org.ordermesh.deploy.Overlay.selects;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The Kubernetes workloads")
class KubernetesWorkloadsTest {

  @EachOverlay
  @DisplayName("run one Deployment per service and one for the gateway")
  void oneDeploymentPerNode(String overlay) {
    var deployments = Overlay.named(overlay).deployments();

    assertThat(deployments).extracting(Overlay::component).containsExactlyInAnyOrderElementsOf(NodeSettings.NODES);
    assertThat(deployments).allSatisfy(d -> assertThat(d.getMetadata().getName()).isEqualTo(component(d)));
  }

  @EachOverlay
  @DisplayName("tell each node which service it runs and whether it runs the gateway")
  void nodeRoles(String overlay) {
    var rendered = Overlay.named(overlay);
    for (Deployment deployment : rendered.deployments()) {
      var settings = rendered.settingsOf(deployment);
      var gateway = component(deployment).equals("gateway");

      assertThat(settings.get("ORDERMESH_SERVICES")).isEqualTo(gateway ? "" : component(deployment));
      assertThat(settings.flag("ORDERMESH_GATEWAY")).isEqualTo(gateway);
    }
  }

  @EachOverlay
  @DisplayName("open each node's HTTP port where its settings put it, and probe it on the health paths")
  void probes(String overlay) {
    var rendered = Overlay.named(overlay);
    for (Deployment deployment : rendered.deployments()) {
      var node = container(deployment);
      var port = rendered.settingsOf(deployment).portOf(component(deployment));

      assertThat(containerPort(node, "http")).as(component(deployment)).isEqualTo(port);
      assertProbe(node, node.getStartupProbe(), "/health/live", port);
      assertProbe(node, node.getLivenessProbe(), "/health/live", port);
      assertProbe(node, node.getReadinessProbe(), "/health/ready", port);
    }
  }

  @EachOverlay
  @DisplayName("give every container CPU and memory requests and limits")
  void resources(String overlay) {
    for (Deployment deployment : Overlay.named(overlay).deployments()) {
      var resources = container(deployment).getResources();

      assertThat(resources.getRequests()).as(component(deployment)).containsKeys("cpu", "memory");
      assertThat(resources.getLimits()).as(component(deployment)).containsKeys("cpu", "memory");
    }
  }

  @EachOverlay
  @DisplayName("reach each node through a Service that selects its pods on its HTTP port")
  void services(String overlay) {
    var rendered = Overlay.named(overlay);
    for (Deployment deployment : rendered.deployments()) {
      var node = container(deployment);
      var service = rendered.get(Service.class, deployment.getMetadata().getName());
      var servicePort = service.getSpec().getPorts().get(0);

      assertThat(selects(service.getSpec().getSelector(), podLabels(deployment))).as(component(deployment)).isTrue();
      assertThat(servicePort.getPort()).isEqualTo(containerPort(node, "http"));
      assertThat(resolve(node, servicePort.getTargetPort())).isEqualTo(containerPort(node, "http"));
    }
  }

  @EachOverlay
  @DisplayName("guard each Deployment with a PodDisruptionBudget and scale it with a HorizontalPodAutoscaler")
  void disruptionBudgetsAndAutoscalers(String overlay) {
    var rendered = Overlay.named(overlay);
    for (Deployment deployment : rendered.deployments()) {
      var name = deployment.getMetadata().getName();
      var budget = rendered.get(PodDisruptionBudget.class, name);
      var autoscaler = rendered.get(HorizontalPodAutoscaler.class, name);

      assertThat(selects(budget.getSpec().getSelector().getMatchLabels(), podLabels(deployment))).as(name).isTrue();
      assertThat(autoscaler.getSpec().getScaleTargetRef())
          .satisfies(target -> assertThat(target.getKind()).isEqualTo("Deployment"))
          .satisfies(target -> assertThat(target.getApiVersion()).isEqualTo("apps/v1"))
          .satisfies(target -> assertThat(target.getName()).isEqualTo(name));
      assertThat(autoscaler.getSpec().getMinReplicas()).isPositive()
          .isLessThanOrEqualTo(autoscaler.getSpec().getMaxReplicas());
      assertThat(deployment.getSpec().getReplicas()).as("replicas are the autoscaler's, not the manifest's").isNull();
    }
  }

  @EachOverlay
  @DisplayName("roll out one extra pod at a time, never below the ready count")
  void rollingUpdates(String overlay) {
    for (Deployment deployment : Overlay.named(overlay).deployments()) {
      var rollingUpdate = deployment.getSpec().getStrategy().getRollingUpdate();

      assertThat(rollingUpdate.getMaxUnavailable().getIntVal()).as(component(deployment)).isZero();
      assertThat(rollingUpdate.getMaxSurge().getIntVal()).as(component(deployment)).isOne();
    }
  }

  @EachOverlay
  @DisplayName("run the one node image, pinned to a version")
  void oneImage(String overlay) {
    var images = Overlay.named(overlay).deployments().stream()
        .map(d -> container(d).getImage())
        .collect(Collectors.toSet());

    assertThat(images).hasSize(1);
    assertThat(images.iterator().next()).contains("ordermesh/node:").doesNotEndWith(":latest");
  }

  @EachOverlay
  @DisplayName("leave a node longer to stop than its preStop pause and its drain")
  void gracePeriod(String overlay) {
    var rendered = Overlay.named(overlay);
    for (Deployment deployment : rendered.deployments()) {
      var drain = rendered.settingsOf(deployment).integer("ORDERMESH_DRAIN_SECONDS");
      var preStop = container(deployment).getLifecycle().getPreStop().getExec().getCommand();

      assertThat(preStop).as("preStop pauses with sleep <seconds>").hasSize(2).first().isEqualTo("sleep");
      assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
          .as(component(deployment))
          .isGreaterThan(drain + Long.parseLong(preStop.get(1)));
    }
  }

  @EachOverlay
  @DisplayName("tell Prometheus where each service and the gateway serve /metrics")
  void scrapeAnnotations(String overlay) {
    var rendered = Overlay.named(overlay);
    for (Deployment deployment : rendered.deployments()) {
      var annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();

      assertThat(annotations)
          .containsEntry("prometheus.io/scrape", "true")
          .containsEntry("prometheus.io/path", "/metrics")
          .containsEntry("prometheus.io/port", String.valueOf(containerPort(container(deployment), "http")));
    }
  }

  @Test
  @DisplayName("give prod more pods and more memory than dev")
  void prodOutsizesDev() {
    var dev = Overlay.named("dev");
    var prod = Overlay.named("prod");
    for (String node : NodeSettings.NODES) {
      assertThat(prod.get(HorizontalPodAutoscaler.class, node).getSpec().getMinReplicas())
          .isGreaterThan(dev.get(HorizontalPodAutoscaler.class, node).getSpec().getMinReplicas());
      assertThat(memoryLimit(prod.get(Deployment.class, node)))
          .isGreaterThan(memoryLimit(dev.get(Deployment.class, node)));
    }
  }

  private static void assertProbe(Container node, Probe probe, String path, int port) {
    assertThat(probe).isNotNull();
    assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
    assertThat(resolve(node, probe.getHttpGet().getPort())).isEqualTo(port);
  }

  private static long memoryLimit(Deployment deployment) {
    return Quantity.getAmountInBytes(container(deployment).getResources().getLimits().get("memory")).longValue();
  }
}
