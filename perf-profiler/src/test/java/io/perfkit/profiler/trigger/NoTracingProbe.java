package io.perfkit.profiler.trigger;

import io.perfkit.api.ProfileLabels;
import io.perfkit.profiler.capture.CaptureResult;
import io.perfkit.profiler.capture.ContinuousRecorder;
import io.perfkit.profiler.internal.TraceContext;
import io.perfkit.testkit.ManualTimeSource;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Run in a JVM without OpenTelemetry on its class path: a slow request is profiled as before,
 * and the profile has no trace labels. Prints what it saw.
 */
public final class NoTracingProbe {

  private NoTracingProbe() {}

  public static void main(String[] args) throws Exception {
    List<CaptureResult> got = new CopyOnWriteArrayList<>();
    try (ContinuousRecorder fr = ContinuousRecorder.builder(Files.createTempDirectory("no-tracing")).maxAge(Duration.ofMinutes(1)).maxSize(32L << 20).build().start()) {
      Thread.sleep(1500);  // a fresh JVM: let the recorder hold the span the request will cover
      ManualTimeSource time = new ManualTimeSource(Instant.now().minusMillis(500));
      try (RequestProfiler rp = RequestProfiler.builder(fr, got::add).timeSource(time)
          .thresholds(Duration.ofMillis(100), Duration.ofSeconds(5))
          .slowTrigger(ProfileTrigger.builder("slow").sampleRate(1.0).timeSource(time).build()).build()) {
        rp.around("GET", "/slow", () -> time.advance(Duration.ofMillis(250)));
        rp.close(Duration.ofSeconds(60));
      }
    }
    boolean loaded;
    try {
      Class.forName("io.opentelemetry.api.trace.Span");
      loaded = true;
    } catch (ClassNotFoundException e) {
      loaded = false;
    }
    System.out.println("opentelemetry=" + loaded + " available=" + TraceContext.available() + " profiles=" + got.size()
        + " trace_id=" + (!got.isEmpty() && got.get(0).metadata().labels().get(ProfileLabels.TRACE_ID).isPresent()));
  }
}
