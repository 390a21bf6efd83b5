package org.ordermesh.platform.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.Match;
import io.vertx.micrometer.MatchType;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;

import java.util.EnumSet;

/** Vert.x metrics on Micrometer with a Prometheus registry, one registry per node. */
public final class Metrics {

  /** The label value every address ending in an entity id (a UUID) is counted under. */
  public static final String ENTITY_ADDRESS = "per-entity";
  // an address per entity (an order's, in an extension) would otherwise make meters, histogram buckets included, per entity
  private static final String ENDS_IN_UUID = ".*[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

  private Metrics() {
  }

  public static MicrometerMetricsOptions options(String registryName) {
    return new MicrometerMetricsOptions()
      .setEnabled(true)
      .setJvmMetricsEnabled(true)
      .setRegistryName(registryName)
      // the route label is off by default; dashboards need latency per route
      .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.EB_ADDRESS,
        Label.EB_FAILURE, Label.POOL_NAME, Label.POOL_TYPE))
      .addLabelMatch(new Match().setDomain(MetricsDomain.EVENT_BUS).setLabel(Label.EB_ADDRESS.toString())
        .setType(MatchType.REGEX).setValue(ENDS_IN_UUID).setAlias(ENTITY_ADDRESS))
      .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true).setPublishQuantiles(true));
  }

  public static MeterRegistry registry(String registryName) {
    var registry = BackendRegistries.getNow(registryName);
    if (registry == null) {
      throw new IllegalStateException("no metrics registry '" + registryName + "': was Vert.x built with Metrics.options?");
    }
    return registry;
  }
}
