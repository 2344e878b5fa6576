package io.perfkit.benchmarks.profiler;

import io.perfkit.api.storage.ProfileType;
import io.perfkit.profiler.analysis.MethodStat;
import io.perfkit.profiler.analysis.StackProfile;
import io.perfkit.profiler.memory.GcReport;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Summarizing a recording (top methods plus the flame-graph tree, {@code summarize}) against
 * merely parsing it with the same API, reading the same events and touching every stack frame's
 * method ({@code baselineParse}). The recording is made by the setup: a few seconds of CPU and
 * allocation sampling of deep recursive stacks, then its chunks repeated (a JFR file is a
 * sequence of chunks) until it reaches {@code megabytes}.
 *
 * <p>The recording also carries the collector's events, as every Perfkit capture does, with
 * young collections and a {@code System.gc()} every 200 ms, so {@code gcReport} (the {@link
 * GcReport} of the file) can be set against {@code baselineParseGc}: reading every event and the
 * GC events' fields the report reads, and nothing else.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsPrepend = {"-Xmx2g"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@State(Scope.Benchmark)
public class AnalysisBenchmark {

  private static final java.util.Set<String> GC_EVENTS = java.util.Set.of("jdk.GarbageCollection", "jdk.GCPhasePause",
      "jdk.GCHeapSummary", "jdk.G1HeapSummary", "jdk.SafepointBegin", "jdk.SafepointEnd", "jdk.GCConfiguration",
      "jdk.GCHeapConfiguration");

  @Param({"50"})
  public int megabytes;

  private Path dir;
  private Path recording;
  static volatile double sink;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dir = Files.createTempDirectory("analysis-bench");
    Path piece = dir.resolve("piece.jfr");
    try (Recording r = new Recording()) {
      r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
      r.enable("jdk.ObjectAllocationSample").with("throttle", "20000/s");
      for (String gc : GC_EVENTS) {
        r.enable(gc).withThreshold(Duration.ZERO);
      }
      r.start();
      Thread[] workers = new Thread[2];
      for (int i = 0; i < workers.length; i++) {
        int seed = i;
        workers[i] = new Thread(() -> recurse(40 + seed * 7, System.nanoTime() + 4_000_000_000L));
        workers[i].start();
      }
      while (workers[0].isAlive()) {
        System.gc();
        Thread.sleep(200);
      }
      for (Thread t : workers) {
        t.join();
      }
      r.stop();
      r.dump(piece);
    }
    recording = dir.resolve("recording.jfr");
    byte[] bytes = Files.readAllBytes(piece);
    try (OutputStream out = Files.newOutputStream(recording)) {
      long written = 0;
      while (written < (long) megabytes << 20) {
        out.write(bytes);
        written += bytes.length;
      }
    }
  }

  private static void recurse(int depth, long until) {
    if (depth > 0) {
      if ((depth & 1) == 0) {
        even(depth - 1, until);
      } else {
        odd(depth - 1, until);
      }
      return;
    }
    double x = 1;
    java.util.List<double[]> garbage = new java.util.ArrayList<>();
    while (System.nanoTime() < until) {
      for (int i = 0; i < 200; i++) {
        x = Math.sqrt(x + i);
      }
      garbage.add(new double[16]);
      if (garbage.size() > 1000) {
        garbage.clear();
      }
    }
    sink = x;
  }

  private static void even(int depth, long until) {
    recurse(depth, until);
  }

  private static void odd(int depth, long until) {
    recurse(depth, until);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    try (var files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Files.delete(p);
      }
    }
    Files.delete(dir);
  }

  @Benchmark
  public List<MethodStat> summarize() throws IOException {
    StackProfile p = StackProfile.read(recording, ProfileType.CPU);
    p.tree();
    return p.topSelf(20);
  }

  @Benchmark
  public long baselineParse() throws IOException {
    long touched = 0;
    try (RecordingFile rf = new RecordingFile(recording)) {
      while (rf.hasMoreEvents()) {
        RecordedEvent e = rf.readEvent();
        if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
          continue;
        }
        RecordedStackTrace st = e.getStackTrace();
        if (st == null) {
          continue;
        }
        for (RecordedFrame f : st.getFrames()) {
          // each frame's method, as the analysis reads it (no name lookups, which it caches)
          touched += System.identityHashCode(f.getMethod());
        }
      }
    }
    return touched;
  }

  @Benchmark
  public GcReport gcReport() throws IOException {
    return GcReport.read(recording);
  }

  @Benchmark
  public long baselineParseGc() throws IOException {
    long touched = 0;
    try (RecordingFile rf = new RecordingFile(recording)) {
      while (rf.hasMoreEvents()) {
        RecordedEvent e = rf.readEvent();
        touched += e.getStartTime().getNano();
        if (GC_EVENTS.contains(e.getEventType().getName())) {
          touched += e.getEndTime().getNano();
          for (jdk.jfr.ValueDescriptor field : e.getFields()) {
            Object v = e.getValue(field.getName());
            touched += v == null ? 0 : System.identityHashCode(v);
          }
        }
      }
    }
    return touched;
  }
}
