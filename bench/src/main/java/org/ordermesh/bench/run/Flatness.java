package org.ordermesh.bench.run;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Locale;

/**
 * How far the runs of a growth sweep stray from its first: each figure (achieved/s, p50, p90, p99) of each later
 * run as a change relative to the first run's, and the largest change in either direction.
 *
 * @param worst       the largest relative change of any figure (0.2 is 20%)
 * @param worstFigure which figure of which run it was
 * @param changes     every run's changes, by figure
 */
public record Flatness(double worst, String worstFigure, JsonArray changes) {

  private static final List<String> FIGURES = List.of("achieved", "p50", "p90", "p99");

  /** Needs at least one run; the first is the baseline. */
  public static Flatness of(List<RunResult> runs) {
    RunResult first = runs.get(0);
    double worst = 0;
    String worstFigure = "none";
    JsonArray changes = new JsonArray();
    for (RunResult run : runs.subList(1, runs.size())) {
      JsonObject change = new JsonObject().put("run", run.label());
      for (String figure : FIGURES) {
        double base = figure(first, figure);
        double relative = base > 0 ? (figure(run, figure) - base) / base : Double.NaN;
        change.put(figure, Double.isNaN(relative) ? null : Math.round(relative * 10_000) / 10_000.0);
        // a figure that cannot be compared (no baseline, no successes) is as far off as it gets
        double distance = Double.isNaN(relative) ? Double.POSITIVE_INFINITY : Math.abs(relative);
        if (distance > worst) {
          worst = distance;
          worstFigure = figure + " at " + run.label();
        }
      }
      changes.add(change);
    }
    return new Flatness(worst, worstFigure, changes);
  }

  public boolean within(double limit) {
    return worst <= limit;
  }

  /** One line: each later run's changes in percent, the worst, and whether it is within {@code limit}. */
  public String describe(String what, double limit) {
    StringBuilder line = new StringBuilder(what + ":");
    for (int i = 0; i < changes.size(); i++) {
      JsonObject change = changes.getJsonObject(i);
      line.append(i == 0 ? " " : "; ").append(change.getString("run"));
      for (String figure : FIGURES) {
        line.append(String.format(Locale.ROOT, " %s %+.1f%%", figure.equals("achieved") ? "confirmed/s" : figure,
            change.getValue(figure) == null ? Double.NaN : 100 * change.getDouble(figure)));
      }
    }
    return line.append(String.format(Locale.ROOT, "; worst %.1f%% (%s); target within %.0f%%: %s", 100 * worst,
        worstFigure, 100 * limit, within(limit) ? "met" : "not met")).toString();
  }

  public JsonObject toJson(double limit) {
    return new JsonObject().put("changes", changes).put("worst", Double.isInfinite(worst) ? null
        : Math.round(worst * 10_000) / 10_000.0).put("worstFigure", worstFigure).put("limit", limit)
        .put("met", within(limit));
  }

  private static double figure(RunResult run, String figure) {
    return switch (figure) {
      case "achieved" -> run.achieved();
      case "p50" -> RunResult.millis(run.latency(), 50);
      case "p90" -> RunResult.millis(run.latency(), 90);
      default -> RunResult.millis(run.latency(), 99);
    };
  }
}
