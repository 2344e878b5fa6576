package io.perfkit.profiler.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.perfkit.api.ProfileLabels;
import io.perfkit.api.storage.ProfileQuery;
import io.perfkit.api.storage.StoredProfile;
import io.perfkit.profiler.capture.CaptureResult;
import io.perfkit.profiler.capture.ContinuousRecorder;
import io.perfkit.profiler.internal.TraceContext;
import io.perfkit.testkit.InMemoryProfileStorage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With OpenTelemetry's SDK in memory, a slow request's profile and JFR event carry its trace. */
final class TraceContextTest {

  @TempDir Path dir;

  /** A request that takes 250 ms of wall time, waiting on something outside. */
  private static Object slowRequest() throws InterruptedException {
    Thread.sleep(250);
    return null;
  }

  @Test
  @SuppressWarnings("try")  // the span's scope is opened for its extent alone
  void aSlowRequestInASpan_carriesTheTraceAndSpanIds_onTheProfileAndTheEvent() throws Exception {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    List<CaptureResult> got = new CopyOnWriteArrayList<>();
    try (SdkTracerProvider tracing = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
        ContinuousRecorder fr = ContinuousRecorder.builder(dir).maxAge(Duration.ofMinutes(1)).maxSize(32L << 20).build().start();
        // real time: the JFR event's own timestamps must fall in the request's span, which on
        // JDK 19+ is what a snapshot is cut to
        RequestProfiler rp = RequestProfiler.builder(fr, got::add).thresholds(Duration.ofMillis(100), Duration.ofSeconds(5))
            .slowTrigger(ProfileTrigger.builder("slow").sampleRate(1.0).build()).build();
        InMemoryProfileStorage storage = new InMemoryProfileStorage()) {
      assertTrue(TraceContext.available());
      // in a fresh JVM the recorder needs a moment before a snapshot finds anything on disk
      Thread.sleep(1500);
      Tracer tracer = tracing.get("checkout-service");
      Span span = tracer.spanBuilder("POST /checkout").startSpan();
      try (Scope scope = span.makeCurrent()) {
        rp.around("POST", "/checkout", () -> slowRequest());
      } finally {
        span.end();
      }
      rp.around("GET", "/untraced", () -> slowRequest());
      rp.close(Duration.ofSeconds(60));
      assertEquals(1, spans.getFinishedSpanItems().size());
      String traceId = span.getSpanContext().getTraceId();
      String spanId = span.getSpanContext().getSpanId();

      CaptureResult traced = got.stream().filter(c -> c.metadata().labels().get("path").orElseThrow().equals("/checkout"))
          .findFirst().orElseThrow();
      assertEquals(traceId, traced.metadata().labels().get(ProfileLabels.TRACE_ID).orElseThrow());
      assertEquals(spanId, traced.metadata().labels().get(ProfileLabels.SPAN_ID).orElseThrow());
      CaptureResult untraced = got.stream().filter(c -> c.metadata().labels().get("path").orElseThrow().equals("/untraced"))
          .findFirst().orElseThrow();
      assertTrue(untraced.metadata().labels().get(ProfileLabels.TRACE_ID).isEmpty(), "no span, no trace label");

      boolean eventHasTrace = false;
      try (RecordingFile rf = new RecordingFile(traced.file())) {
        while (rf.hasMoreEvents()) {
          RecordedEvent e = rf.readEvent();
          if (e.getEventType().getName().equals("perfkit.Request") && "/checkout".equals(e.getString("path"))) {
            eventHasTrace = traceId.equals(e.getString("traceId")) && spanId.equals(e.getString("spanId"));
          }
        }
      }
      assertTrue(eventHasTrace, "the perfkit.Request event carries the trace");

      for (CaptureResult c : got) {
        storage.store(c.metadata(), c.file());
      }
      List<StoredProfile> found = storage.query(ProfileQuery.builder().label(ProfileLabels.TRACE_ID, traceId).build());
      assertEquals(1, found.size(), "the trace finds its profile");
      assertEquals("/checkout", found.get(0).metadata().labels().get("path").orElseThrow());
    }
  }

  @Test
  void withoutOpenTelemetryOnTheClassPath_aSlowRequestIsProfiledAsBefore() throws Exception {
    String path = java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        .filter(e -> !e.contains("opentelemetry")).collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", path,
        NoTracingProbe.class.getName()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), out);
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("opentelemetry=false available=false profiles=1 trace_id=false"), out);
  }
}
