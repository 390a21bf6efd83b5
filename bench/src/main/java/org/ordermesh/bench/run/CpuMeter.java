package org.ordermesh.bench.run;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Cores busy during a run: the node's processes, this generator, and the whole machine (from /proc/stat), so a
 * figure taken while other work ran on the machine says how much of the CPU it had.
 */
public final class CpuMeter {

  private final List<ProcessHandle> node;
  private final long startNanos = System.nanoTime();
  private final long nodeStart;
  private final long selfStart;
  private final long[] machineStart;

  public CpuMeter(List<ProcessHandle> node) {
    this.node = node;
    this.nodeStart = nodeCpu();
    this.selfStart = selfCpu();
    this.machineStart = machine();
  }

  public JsonObject stop() {
    double wall = System.nanoTime() - startNanos;
    long[] machine = machine();
    JsonObject cores = new JsonObject()
        .put("generator", round((selfCpu() - selfStart) / wall))
        .put("cpus", Runtime.getRuntime().availableProcessors());
    if (!node.isEmpty()) {
      cores.put("node", round((nodeCpu() - nodeStart) / wall));
    }
    if (machine != null && machineStart != null) {
      double total = machine[1] - machineStart[1];
      double busy = machine[0] - machineStart[0];
      cores.put("machine", total == 0 ? 0 : round(busy / total * Runtime.getRuntime().availableProcessors()));
    }
    return cores;
  }

  public static String describe(JsonObject cores) {
    String line = String.format(Locale.ROOT, "cores busy: machine %s of %s, node %s, generator %s",
        cores.getValue("machine", "?"), cores.getValue("cpus"), cores.getValue("node", "-"), cores.getValue("generator"));
    // the peer scenario's Flask run: its Gunicorn processes, beside the node that holds its store
    return cores.containsKey("peer") ? line + ", peer apps " + cores.getValue("peer") : line;
  }

  private long nodeCpu() {
    return node.stream().mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
  }

  private static long selfCpu() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
  }

  /** {busy, total} jiffies of all CPUs, or null off Linux. */
  private static long[] machine() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      long total = 0;
      for (int i = 1; i < Math.min(f.length, 9); i++) {
        total += Long.parseLong(f[i]);
      }
      return new long[] {total - idle, total};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
