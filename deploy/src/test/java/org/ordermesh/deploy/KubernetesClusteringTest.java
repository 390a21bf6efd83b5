package org.ordermesh.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordermesh.deploy.Overlay.component;
import static org.ordermesh.deploy.Overlay.container;
import static org.ordermesh.deploy.Overlay.containerPort;
import static org.ordermesh.deploy.Overlay.podLabels;
import static org.ordermesh.deploy.Overlay.resolve;
import static org.ordermesh.deploy.Overlay.selects;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The Kubernetes nodes")
class KubernetesClusteringTest {

  @EachOverlay
  @DisplayName("join one Hazelcast cluster through the headless Service their DNS setting names")
  void hazelcastDiscovery(String overlay) {
    var rendered = Overlay.named(overlay);
    for (Deployment deployment : rendered.deployments()) {
      var settings = rendered.settingsOf(deployment);
      var dnsName = settings.get("ORDERMESH_CLUSTER_KUBERNETES_DNS");
      var headless = rendered.get(Service.class, dnsName.substring(0, dnsName.indexOf('.')));
      var node = container(deployment);

      assertThat(settings.flag("ORDERMESH_CLUSTER")).as(component(deployment)).isTrue();
      assertThat(dnsName).isEqualTo(headless.getMetadata().getName() + "."
          + headless.getMetadata().getNamespace() + ".svc.cluster.local");
      assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
      assertThat(headless.getSpec().getPublishNotReadyAddresses()).isTrue();
      assertThat(selects(headless.getSpec().getSelector(), podLabels(deployment))).isTrue();
      assertThat(headless.getSpec().getPorts()).singleElement()
          .satisfies(port -> assertThat(port.getPort()).isEqualTo(settings.integer("ORDERMESH_CLUSTER_PORT")))
          .satisfies(port -> assertThat(resolve(node, port.getTargetPort()))
              .isEqualTo(settings.integer("ORDERMESH_CLUSTER_PORT")));
    }
  }

  @EachOverlay
  @DisplayName("run the event bus over mutual TLS with the certificate, key and CA of a Secret each pod mounts")
  void clusterTlsFromASecret(String overlay) {
    var rendered = Overlay.named(overlay);
    for (Deployment deployment : rendered.deployments()) {
      var settings = rendered.settingsOf(deployment);
      var mount = container(deployment).getVolumeMounts().stream()
          .filter(m -> m.getName().equals("cluster-tls")).findFirst().orElseThrow();
      var volume = deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
          .filter(v -> v.getName().equals("cluster-tls")).findFirst().orElseThrow();

      assertThat(mount.getReadOnly()).as(component(deployment)).isTrue();
      assertThat(volume.getSecret().getSecretName()).isEqualTo("ordermesh-cluster-tls");
      assertThat(volume.getSecret().getDefaultMode()).as("no other user reads the key").isEqualTo(0440);
      assertThat(settings.get("ORDERMESH_CLUSTER_TLS_CERT")).isEqualTo(mount.getMountPath() + "/tls.crt");
      assertThat(settings.get("ORDERMESH_CLUSTER_TLS_KEY")).isEqualTo(mount.getMountPath() + "/tls.key");
      assertThat(settings.get("ORDERMESH_CLUSTER_TLS_CA")).isEqualTo(mount.getMountPath() + "/ca.crt");
    }
    // certificates are never committed: the operator creates the Secret, in dev as in prod
    assertThat(rendered.find(Secret.class, "ordermesh-cluster-tls")).isEmpty();
  }

  @EachOverlay
  @DisplayName("open the Hazelcast port and a fixed event bus port from their settings")
  void clusterPorts(String overlay) {
    var rendered = Overlay.named(overlay);
    for (Deployment deployment : rendered.deployments()) {
      var settings = rendered.settingsOf(deployment);
      var node = container(deployment);

      assertThat(containerPort(node, "hazelcast")).isEqualTo(settings.integer("ORDERMESH_CLUSTER_PORT"));
      assertThat(settings.integer("ORDERMESH_EVENTBUS_PORT")).as("a random port cannot be opened").isPositive();
      assertThat(containerPort(node, "eventbus")).isEqualTo(settings.integer("ORDERMESH_EVENTBUS_PORT"));
    }
  }

  @EachOverlay
  @DisplayName("publish their pod IP as event bus and discovery host")
  void publicHostIsThePodIp(String overlay) {
    for (Deployment deployment : Overlay.named(overlay).deployments()) {
      assertThat(container(deployment).getEnv())
          .filteredOn(env -> env.getName().equals("ORDERMESH_PUBLIC_HOST"))
          .singleElement()
          .extracting(env -> env.getValueFrom().getFieldRef().getFieldPath())
          .isEqualTo("status.podIP");
    }
  }

  @EachOverlay
  @DisplayName("are configured only with settings the node reads")
  void onlyKnownSettings(String overlay) {
    var rendered = Overlay.named(overlay);

    assertThat(rendered.all(ConfigMap.class)).flatExtracting(c -> c.getData().keySet())
        .allMatch(NodeSettings::isSetting, "a node setting");
    assertThat(rendered.all(Secret.class)).flatExtracting(s -> s.getStringData().keySet())
        .allMatch(NodeSettings::isSetting, "a node setting");
    assertThat(rendered.deployments()).flatExtracting(d -> container(d).getEnv()).extracting(EnvVar::getName)
        .allMatch(NodeSettings::isSetting, "a node setting");
  }

  @EachOverlay
  @DisplayName("import only ConfigMaps that the overlay renders")
  void configMapsExist(String overlay) {
    var rendered = Overlay.named(overlay);
    for (Deployment deployment : rendered.deployments()) {
      container(deployment).getEnvFrom().stream()
          .filter(source -> source.getConfigMapRef() != null)
          .forEach(source -> assertThat(rendered.find(ConfigMap.class, source.getConfigMapRef().getName())).isPresent());
    }
  }
}
