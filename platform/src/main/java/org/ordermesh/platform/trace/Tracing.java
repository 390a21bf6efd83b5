package org.ordermesh.platform.trace;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.internal.VertxInternal;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;

import java.util.List;
import java.util.Optional;

/**
 * OpenTelemetry for a node: with {@code OTEL_EXPORTER_OTLP_ENDPOINT} set, Vert.x traces HTTP, event bus and
 * Kafka (and the platform the store calls and inbox records) and exports the spans over OTLP/HTTP; unset, there
 * is no tracer and {@link TraceContext} carries the W3C trace alone, as before. Either way one trace id.
 */
public final class Tracing {

  /** The collector's base URL, e.g. {@code http://otel-collector:4318}; {@code /v1/traces} is appended. */
  public static final String OTLP_ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";

  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
  private static final AttributeKey<String> SERVICE_INSTANCE = AttributeKey.stringKey("service.instance.id");

  private Tracing() {
  }

  /** The SDK exporting over OTLP when an endpoint is set (blank is unset); the caller closes it after the node. */
  public static Optional<OpenTelemetrySdk> fromEndpoint(String endpoint, List<String> services, String nodeId) {
    if (endpoint == null || endpoint.isBlank()) {
      return Optional.empty();
    }
    var exporter = OtlpHttpSpanExporter.builder().setEndpoint(endpoint.replaceAll("/+$", "") + "/v1/traces").build();
    return Optional.of(sdk(exporter, services, nodeId));
  }

  /** An SDK sending every span to {@code exporter}, batched. */
  public static OpenTelemetrySdk sdk(SpanExporter exporter, List<String> services, String nodeId) {
    // one name per role: "ordermesh-order", "ordermesh-auth-catalog-payment-order", "ordermesh-gateway"
    var name = "ordermesh-" + (services.isEmpty() ? "gateway" : String.join("-", services));
    var resource = Resource.getDefault().merge(Resource.create(Attributes.of(SERVICE_NAME, name, SERVICE_INSTANCE, nodeId)));
    var provider = SdkTracerProvider.builder().setResource(resource)
      .setSampler(Sampler.parentBased(new NotProbes()))
      .addSpanProcessor(BatchSpanProcessor.builder(exporter).build()).build();
    return OpenTelemetrySdk.builder().setTracerProvider(provider)
      .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
  }

  /** Every trace but those of probes and scrapes (/health/..., /metrics), which would bury the others. */
  private static final class NotProbes implements Sampler {

    private static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");

    @Override
    public SamplingResult shouldSample(Context parent, String traceId, String name, SpanKind kind, Attributes attributes,
                                       List<LinkData> links) {
      String path = attributes.get(URL_PATH);
      boolean probe = kind == SpanKind.SERVER && path != null && (path.startsWith("/health/") || path.equals("/metrics"));
      return probe ? SamplingResult.drop() : SamplingResult.recordAndSample();
    }

    @Override
    public String getDescription() {
      return "NotProbes";
    }
  }

  /** The Vert.x builder with a tracer that reports to {@code openTelemetry}. */
  public static VertxBuilder install(VertxBuilder builder, OpenTelemetry openTelemetry) {
    return builder.withTracer(new OpenTelemetryTracingFactory(openTelemetry));
  }

  /** Flushes and stops the SDK when {@code vertx} closes, after everything that could still end a span. */
  public static void shutDownWith(Vertx vertx, OpenTelemetrySdk sdk) {
    ((VertxInternal) vertx).addCloseHook(completion -> sdk.shutdown().whenComplete(() -> completion.succeed()));
  }
}
