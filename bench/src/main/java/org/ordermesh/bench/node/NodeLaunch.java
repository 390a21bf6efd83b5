package org.ordermesh.bench.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** How a node process is started: its jar, JVM flags, where its log goes, and the settings every start shares. */
public record NodeLaunch(Path nodeJar, List<String> jvmArgs, Path logDir, String logPrefix, String adminPassword) {

  public static NodeLaunch of(Path nodeJar, List<String> jvmArgs, Path logDir, String logPrefix) {
    if (!Files.isRegularFile(nodeJar)) {
      throw new IllegalStateException(nodeJar + " is missing: build it with mvn -B -q -DskipTests install");
    }
    return new NodeLaunch(nodeJar, jvmArgs, logDir, logPrefix, "Bench-" + UUID.randomUUID());
  }

  Map<String, String> baseEnv(NodeUnderTest.Ports ports, Path data) {
    Map<String, String> env = ports.env();
    env.put("ORDERMESH_DATA", data.toString());
    env.put("ORDERMESH_ADMIN_EMAIL", NodeUnderTest.BENCH_ADMIN_EMAIL);
    env.put("ORDERMESH_ADMIN_PASSWORD", adminPassword);
    env.put("ORDERMESH_CATALOG_SEED_DEMO", "false");
    env.put("ORDERMESH_NODE_ID", "bench-" + ports.gateway());
    return env;
  }

  Process spawn(String name, Map<String, String> env) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add("-jar");
    command.add(nodeJar.toString());
    try {
      Files.createDirectories(logDir);
      Path log = logDir.resolve(logPrefix + "-" + name + ".log");
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      // the node reads its settings from the environment; anything inherited that could redirect it goes
      builder.environment().keySet().removeIf(key -> key.startsWith("ORDERMESH_") || key.equals("MONGO_URI")
          || key.equals("KAFKA_BOOTSTRAP"));
      builder.environment().putAll(env);
      Process process = builder.start();
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
      System.out.println("started " + name + " (pid " + process.pid() + "), log " + log);
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }
}
