package org.ordermesh.deploy;

import static java.util.stream.Collectors.toMap;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A kustomize overlay of deploy/k8s, rendered by `kubectl kustomize` and read into fabric8's typed model. */
final class Overlay {

  static final String INSTALL_HINT = "on Debian: apt-get install -y kubernetes-client";

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final Map<String, Overlay> RENDERED = new ConcurrentHashMap<>();

  private final List<HasMetadata> objects;

  private Overlay(List<HasMetadata> objects) {
    this.objects = objects;
  }

  static Overlay named(String name) {
    return RENDERED.computeIfAbsent(name, n -> new Overlay(kustomize(Path.of("k8s/overlays", n))));
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
    return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
  }

  <T extends HasMetadata> T get(Class<T> type, String name) {
    return find(type, name).orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
  }

  List<Deployment> deployments() {
    return all(Deployment.class);
  }

  /** The node defaults, overlaid with the ConfigMaps the container imports, then with its literal env. */
  NodeSettings settingsOf(Deployment deployment) {
    var container = container(deployment);
    var settings = NodeSettings.defaults();
    for (EnvFromSource source : container.getEnvFrom()) {
      if (source.getConfigMapRef() != null) {
        settings = settings.with(get(ConfigMap.class, source.getConfigMapRef().getName()).getData());
      }
    }
    return settings.with(container.getEnv().stream()
        .filter(env -> env.getValue() != null)
        .collect(toMap(EnvVar::getName, EnvVar::getValue)));
  }

  static Container container(Deployment deployment) {
    var containers = deployment.getSpec().getTemplate().getSpec().getContainers();
    return containers.stream().filter(c -> c.getName().equals("node")).findFirst()
        .orElseThrow(() -> new AssertionError(deployment.getMetadata().getName() + " has no container named node"));
  }

  static String component(HasMetadata object) {
    return object.getMetadata().getLabels().get("app.kubernetes.io/component");
  }

  static Map<String, String> podLabels(Deployment deployment) {
    return deployment.getSpec().getTemplate().getMetadata().getLabels();
  }

  static boolean selects(Map<String, String> selector, Map<String, String> labels) {
    return !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
  }

  /** The container port a probe, Service or policy port points at, whether by number or by name. */
  static int resolve(Container container, IntOrString port) {
    if (port.getIntVal() != null) {
      return port.getIntVal();
    }
    return container.getPorts().stream()
        .filter(p -> p.getName().equals(port.getStrVal()))
        .map(ContainerPort::getContainerPort)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no container port named " + port.getStrVal()));
  }

  static int containerPort(Container container, String name) {
    return resolve(container, new IntOrString(name));
  }

  private static List<HasMetadata> kustomize(Path dir) {
    Process kubectl;
    try {
      // Warnings (kustomize v5 on deprecated fields) and errors go to the test output.
      kubectl = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectError(Redirect.INHERIT).start();
    } catch (IOException e) {
      throw new AssertionError("kubectl renders the overlays but is not on the PATH (" + INSTALL_HINT + ")", e);
    }
    try (var out = kubectl.getInputStream()) {
      var yaml = new String(out.readAllBytes(), StandardCharsets.UTF_8);
      if (kubectl.waitFor() != 0) {
        throw new AssertionError("kubectl kustomize " + dir + " failed: see its error above");
      }
      return parse(yaml);
    } catch (IOException e) {
      throw new AssertionError("cannot read the output of kubectl kustomize " + dir, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while rendering " + dir, e);
    }
  }

  private static List<HasMetadata> parse(String yaml) {
    return Arrays.stream(yaml.split("(?m)^---$"))
        .map(String::strip)
        // kustomize v2 (Debian's kubectl 1.20) leaves `{}` where a `$patch: delete` removed an object.
        .filter(doc -> !doc.isEmpty() && !doc.equals("{}"))
        .map(doc -> (HasMetadata) SERIALIZATION.unmarshal(doc))
        .toList();
  }
}
