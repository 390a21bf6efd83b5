package org.ordermesh.bench.run;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One measured window at one target rate: the latency (from each shot's scheduled start, microseconds) of the
 * shots that succeeded, named partial latencies, and the errors by reason.
 *
 * @param achieved successes per second over the window, stretched to the last completion when the server trails
 */
public record RunResult(String label, int target, double achieved, long ok, long errorCount, Map<String, Long> errors,
                        Histogram latency, Map<String, Histogram> parts, JsonObject cores) {

  static RunResult merge(String label, int target, long measureFrom, long end, List<LaneResult> lanes) {
    Histogram latency = new Histogram(3);
    Map<String, Histogram> parts = new TreeMap<>();
    Map<String, Long> errors = new TreeMap<>();
    long ok = 0;
    long last = end;
    for (LaneResult lane : lanes) {
      latency.add(lane.latency());
      lane.parts().forEach((name, h) -> parts.computeIfAbsent(name, n -> new Histogram(3)).add(h));
      lane.errors().forEach((reason, n) -> errors.merge(reason, n, Long::sum));
      ok += lane.ok();
      last = Math.max(last, lane.lastCompletionNanos());
    }
    long errorCount = errors.values().stream().mapToLong(Long::longValue).sum();
    double seconds = (last - measureFrom) / 1e9;
    return new RunResult(label, target, ok / seconds, ok, errorCount, errors, latency, parts, new JsonObject());
  }

  public RunResult withCores(JsonObject cores) {
    return new RunResult(label, target, achieved, ok, errorCount, errors, latency, parts, cores);
  }

  public double errorRate() {
    long all = ok + errorCount;
    return all == 0 ? 0 : (double) errorCount / all;
  }

  /** Kept up: at least 95% of the target rate, under 1% errors, and a p99 within the limit. */
  public boolean sustainable(long p99LimitMs) {
    return achieved >= 0.95 * target && errorRate() < 0.01 && ok > 0 && millis(latency, 99) <= p99LimitMs;
  }

  public static double millis(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
  }

  public static double maxMillis(Histogram h) {
    return h.getTotalCount() == 0 ? Double.NaN : h.getMaxValue() / 1000.0;
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("label", label).put("targetRate", target)
        .put("achievedRate", Math.round(achieved * 10) / 10.0).put("ok", ok).put("errors", errorCount)
        .put("errorReasons", new JsonObject(new java.util.HashMap<String, Object>(errors))).put("latencyMs", latencyJson(latency));
    JsonObject partsJson = new JsonObject();
    parts.forEach((name, h) -> partsJson.put(name, latencyJson(h)));
    return json.put("partsMs", partsJson).put("coresBusy", cores);
  }

  static JsonObject latencyJson(Histogram h) {
    if (h.getTotalCount() == 0) {
      return new JsonObject().put("count", 0);
    }
    return new JsonObject().put("count", h.getTotalCount()).put("p50", millis(h, 50)).put("p90", millis(h, 90))
        .put("p99", millis(h, 99)).put("p999", millis(h, 99.9)).put("max", maxMillis(h));
  }
}
