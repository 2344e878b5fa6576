package io.perfkit.profiler.internal;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/** Reads OpenTelemetry's current span; loaded only when its API is present (see {@link TraceContext}). */
final class OpenTelemetrySpans {

  private OpenTelemetrySpans() {}

  static TraceContext.Ids current() {
    SpanContext c = Span.current().getSpanContext();
    return c.isValid() ? new TraceContext.Ids(c.getTraceId(), c.getSpanId()) : null;
  }
}
