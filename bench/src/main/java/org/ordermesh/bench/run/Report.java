package org.ordermesh.bench.run;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Collects a scenario's runs and notes, prints them as a table, and writes them as JSON. */
public final class Report {

  private final String scenario;
  private final JsonObject options;
  private final List<RunResult> runs = new ArrayList<>();
  private final JsonObject notes = new JsonObject();
  private final long p99LimitMs;

  public Report(String scenario, JsonObject options, long p99LimitMs) {
    this.scenario = scenario;
    this.options = options;
    this.p99LimitMs = p99LimitMs;
  }

  public void add(RunResult run) {
    runs.add(run);
    System.out.println(header());
    System.out.println(row(run));
    run.parts().forEach((name, h) -> System.out.println(partRow(name, h)));
    System.out.println("    " + CpuMeter.describe(run.cores()));
    if (!run.errors().isEmpty()) {
      System.out.println("    errors: " + run.errors());
    }
  }

  /** A fact about the run that is not a latency: setup time, store round trips, the sustainable rate. */
  public void note(String key, Object value) {
    notes.put(key, value);
    System.out.println("  " + key + ": " + (value instanceof JsonObject json ? json.encodePrettily() : value));
  }

  public void finish(Path resultsDir) {
    System.out.println();
    System.out.println("== " + scenario + " (latency from each request's scheduled start, ms) ==");
    System.out.println(header());
    for (RunResult run : runs) {
      System.out.println(row(run));
      run.parts().forEach((name, h) -> System.out.println(partRow(name, h)));
      System.out.println("    " + CpuMeter.describe(run.cores()));
    }
    sustainableRates().getMap().forEach((label, rate) -> System.out.println("  max sustainable (" + label + ", p99 <= "
        + p99LimitMs + " ms, >= 95% of target, < 1% errors): " + (Integer.valueOf(0).equals(rate) ? "none of the rates tried" : rate + "/s")));
    write(resultsDir);
  }

  private JsonObject sustainableRates() {
    JsonObject best = new JsonObject();
    for (RunResult run : runs) {
      int current = best.getInteger(run.label(), 0);
      best.put(run.label(), run.sustainable(p99LimitMs) ? Math.max(current, run.target()) : current);
    }
    return best;
  }

  private void write(Path resultsDir) {
    JsonArray rows = new JsonArray();
    runs.forEach(run -> rows.add(run.toJson()));
    JsonObject json = new JsonObject().put("scenario", scenario).put("time", Instant.now().toString())
        .put("machine", machine()).put("options", options).put("p99LimitMs", p99LimitMs)
        .put("runs", rows).put("maxSustainableRate", sustainableRates()).put("notes", notes);
    try {
      Files.createDirectories(resultsDir);
      Path file = resultsDir.resolve(scenario + ".json");
      Files.writeString(file, json.encodePrettily());
      System.out.println("results: " + file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonObject machine() {
    return new JsonObject().put("cpus", Runtime.getRuntime().availableProcessors())
        .put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"))
        .put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"))
        .put("loadAverage", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private static String header() {
    return String.format(Locale.ROOT, "%-22s %8s %10s %8s %7s %9s %9s %9s %9s",
        "run", "target/s", "achieved/s", "ok", "errors", "p50", "p90", "p99", "max");
  }

  private static String row(RunResult run) {
    return String.format(Locale.ROOT, "%-22s %8d %10.1f %8d %7d %9.2f %9.2f %9.2f %9.2f", run.label(), run.target(),
        run.achieved(), run.ok(), run.errorCount(), RunResult.millis(run.latency(), 50),
        RunResult.millis(run.latency(), 90), RunResult.millis(run.latency(), 99), RunResult.maxMillis(run.latency()));
  }

  private static String partRow(String name, Histogram h) {
    return String.format(Locale.ROOT, "  %-20s %8s %10s %8d %7s %9.2f %9.2f %9.2f %9.2f", "." + name, "", "",
        h.getTotalCount(), "", RunResult.millis(h, 50), RunResult.millis(h, 90), RunResult.millis(h, 99),
        RunResult.maxMillis(h));
  }
}
