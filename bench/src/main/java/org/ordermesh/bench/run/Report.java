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
  // the targets checked in this run, printed again under the summary
  private final List<String> targets = new ArrayList<>();
  private final long p99LimitMs;
  // the bare server's maximum measured in this run (requests/s), or 0 when not measured
  private double ceiling;

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
    figures(run).ifPresent(line -> System.out.println("    " + line));
    if (!run.errors().isEmpty()) {
      System.out.println("    errors: " + run.errors());
    }
  }

  /** The bare server's maximum in this run: every later figure is also printed as a ratio to it. */
  public void ceiling(double perSecond) {
    ceiling = perSecond;
    note("ceiling", Math.round(perSecond) + " requests/s (bare Vert.x, closed loop, this run)");
  }

  /** An order run's rate as a share of the ceiling, and the node's CPU per operation that succeeded. */
  private java.util.Optional<String> figures(RunResult run) {
    if (run.label().startsWith("bare-verticle")) {
      return java.util.Optional.empty();
    }
    var parts = new ArrayList<String>();
    if (ceiling > 0) {
      parts.add(String.format(Locale.ROOT, "%.3f%% of the ceiling (%.0f/s)", 100 * run.achieved() / ceiling, ceiling));
    }
    if (run.cores().containsKey("node") && run.achieved() > 0) {
      parts.add(String.format(Locale.ROOT, "node CPU %.2f ms per %s", 1000 * run.cores().getDouble("node") / run.achieved(),
          run.label().startsWith("order") ? "confirmed order" : "success"));
    }
    return parts.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(String.join("; ", parts));
  }

  /**
   * A run's maximum as a share of another's measured in the same run (the ceiling, or the by-id read), against
   * the share an issue asks for (none when {@code target} is 0): noted under {@code key}, printed again under the
   * summary.
   */
  public void share(String key, RunResult run, String ofWhat, double of, double target) {
    double share = of > 0 ? run.achieved() / of : 0;
    JsonObject figures = new JsonObject().put("run", run.label())
        .put("perSecond", Math.round(run.achieved() * 10) / 10.0).put("of", ofWhat)
        .put("ofPerSecond", Math.round(of * 10) / 10.0).put("share", Math.round(share * 10_000) / 10_000.0);
    String line = String.format(Locale.ROOT, "%s: %.0f/s = %.1f%% of %s (%.0f/s)", run.label(), run.achieved(),
        100 * share, ofWhat, of);
    if (target > 0) {
      figures.put("target", target).put("met", share >= target);
      line += String.format(Locale.ROOT, "; target >= %.0f%%: %s", 100 * target, share >= target ? "met" : "not met");
    }
    note(key, figures);
    targets.add(line);
  }

  /** A target checked by the scenario itself (a line for the summary), noted under {@code key} with its figures. */
  public void target(String key, String line, JsonObject figures) {
    note(key, figures);
    targets.add(line);
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
      figures(run).ifPresent(line -> System.out.println("    " + line));
    }
    sustainableRates().getMap().forEach((label, rate) -> System.out.println("  max sustainable (" + label + ", p99 <= "
        + p99LimitMs + " ms, >= 95% of target, < 1% errors): " + (Integer.valueOf(0).equals(rate) ? "none of the rates tried" : rate + "/s")));
    targets.forEach(line -> System.out.println("  " + line));
    write(resultsDir);
  }

  private JsonObject sustainableRates() {
    JsonObject best = new JsonObject();
    for (RunResult run : runs) {
      if (closedLoop(run)) {
        continue;
      }
      int current = best.getInteger(run.label(), 0);
      best.put(run.label(), run.sustainable(p99LimitMs) ? Math.max(current, run.target()) : current);
    }
    return best;
  }

  private void write(Path resultsDir) {
    JsonArray rows = new JsonArray();
    runs.forEach(run -> {
      JsonObject row = run.toJson();
      if (ceiling > 0) {
        row.put("ofCeiling", run.achieved() / ceiling);
      }
      if (run.cores().containsKey("node") && run.achieved() > 0) {
        row.put("nodeCpuMsPerOk", 1000 * run.cores().getDouble("node") / run.achieved());
      }
      rows.add(row);
    });
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

  // a closed loop has no target rate to keep up with: its figure is what it achieved
  private static boolean closedLoop(RunResult run) {
    return run.label().endsWith("-max") || run.label().endsWith("-closed");
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
