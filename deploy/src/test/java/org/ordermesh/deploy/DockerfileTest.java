package org.ordermesh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The Dockerfile")
class DockerfileTest {

  private static final String JAR = "/app/ordermesh-node.jar";

  private final Dockerfile dockerfile = Dockerfile.read(Path.of("Dockerfile"));
  private final Dockerfile runtime = dockerfile.runtimeStage();
  private final NodeSettings defaults = NodeSettings.defaults();

  @Test
  @DisplayName("builds with Maven on Java 17 and runs on a Java 17 JRE")
  void stages() {
    assertThat(dockerfile.all("FROM")).first().asString().startsWith("maven:3.9-eclipse-temurin-17 AS build");
    assertThat(runtime.last("FROM")).isEqualTo("eclipse-temurin:17-jre");
  }

  @Test
  @DisplayName("downloads dependencies from the poms alone before it copies the sources")
  void pomsFirst() {
    var rootPom = dockerfile.indexOf("COPY", "pom.xml");
    var dependencies = dockerfile.indexOf("RUN", "mvn");
    var sources = dockerfile.indexOf("COPY", ". .");

    assertThat(rootPom).isLessThan(dependencies);
    assertThat(dependencies).isLessThan(sources);
  }

  @Test
  @DisplayName("copies the pom of every module in the reactor, or Maven could not build it")
  void copiesEveryModulePom() throws Exception {
    var modules = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(Path.of("../pom.xml")))
        .results().map(match -> match.group(1)).toList();

    assertThat(modules).isNotEmpty()
        .allSatisfy(module -> assertThat(dockerfile.all("COPY")).contains(module + "/pom.xml " + module + "/"));
  }

  @Test
  @DisplayName("bakes the commit it is given into the jar, since .git stays out of the build context")
  void commitArgument() {
    assertThat(dockerfile.all("ARG")).contains("ORDERMESH_COMMIT=unknown");
    assertThat(dockerfile.all("RUN")).filteredOn(run -> run.contains("package")).last().asString()
        .contains("-Dgit.commit.id=${ORDERMESH_COMMIT}");
  }

  @Test
  @DisplayName("copies the node's fat jar into the runtime image")
  void copiesTheJar() {
    assertThat(runtime.all("COPY")).contains("--from=build /src/cluster-config/target/ordermesh-node.jar " + JAR);
  }

  @Test
  @DisplayName("starts java itself as PID 1 with G1, sized by the container's memory limit")
  void execFormEntrypoint() throws Exception {
    var entrypoint = runtime.last("ENTRYPOINT");
    List<String> command = new ObjectMapper().readValue(entrypoint, new TypeReference<>() {});

    assertThat(entrypoint).as("exec form is a JSON array").startsWith("[");
    assertThat(command).first().isEqualTo("java");
    assertThat(command).contains("-XX:+UseG1GC", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError")
        .endsWith("-jar", JAR);
  }

  @Test
  @DisplayName("runs as the fixed non-root user the Kubernetes pods expect")
  void nonRootUser() {
    assertThat(runtime.last("USER")).isEqualTo(KubernetesSecurityTest.NODE_UID + ":" + KubernetesSecurityTest.NODE_UID);
  }

  @Test
  @DisplayName("exposes the gateway, service, Hazelcast and event bus ports from the node's settings")
  void exposesPorts() {
    var exposed = Arrays.stream(runtime.last("EXPOSE").split("\\s+")).map(Integer::valueOf).collect(Collectors.toSet());

    assertThat(exposed).containsAll(NodeSettings.NODES.stream().map(imageSettings()::portOf).toList());
    assertThat(exposed).contains(imageSettings().integer("ORDERMESH_CLUSTER_PORT"));
    assertThat(imageSettings().integer("ORDERMESH_EVENTBUS_PORT")).isPositive().isIn(exposed);
  }

  @Test
  @DisplayName("sets only settings the node reads")
  void knownSettings() {
    assertThat(runtime.all("ENV")).extracting(env -> env.split("=", 2)[0]).allMatch(NodeSettings::isSetting);
  }

  @Test
  @DisplayName("checks the default node's readiness on its gateway port")
  void healthcheck() {
    assertThat(runtime.last("HEALTHCHECK"))
        .contains("CMD [")
        .contains("http://127.0.0.1:" + defaults.portOf("gateway") + "/health/ready");
  }

  private NodeSettings imageSettings() {
    return defaults.with(runtime.all("ENV").stream()
        .map(env -> env.split("=", 2))
        .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1])));
  }
}
