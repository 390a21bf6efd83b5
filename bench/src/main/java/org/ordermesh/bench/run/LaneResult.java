package org.ordermesh.bench.run;

import org.HdrHistogram.Histogram;

import java.util.Map;

/** A lane's counts, handed over once the lane has finished (its maps are no longer written). */
record LaneResult(Histogram latency, Map<String, Histogram> parts, Map<String, Long> errors, long ok,
                  long lastCompletionNanos) {

  LaneResult(Lane lane) {
    this(lane.latency, lane.parts, lane.errors, lane.ok, lane.lastCompletionNanos);
  }
}
