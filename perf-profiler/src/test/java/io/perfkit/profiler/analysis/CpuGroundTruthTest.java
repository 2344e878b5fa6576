package io.perfkit.profiler.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.api.storage.ProfileType;
import io.perfkit.profiler.groundtruth.GroundTruth;
import io.perfkit.profiler.groundtruth.GroundTruthWorkload;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CPU profiles against a ground truth: a child JVM runs one thread per kind of code (arithmetic,
 * {@code Math.log}, {@code System.arraycopy}, {@code CRC32}, {@code Deflater}, a loop calling a
 * method that is never inlined, allocation), each thread's CPU time being its kind's true share,
 * and records a CPU profile with Perfkit's settings. Each kind's share of the profile (the
 * samples whose stack passes through its method) must be within 5 points of its true share, on
 * whichever JDK runs the build: JDK 17's execution samples corrected by thread CPU time, JDK 25's
 * CPU-time samples as they are.
 */
final class CpuGroundTruthTest {

  private static final double BOUND_POINTS = 5.0;

  @TempDir Path dir;

  @Test
  void everyKindAtOnce_eachWithinFivePointsOfItsCpuTime() throws Exception {
    Result r = run(6, GroundTruthWorkload.KINDS);
    r.assertWithinBound();
  }

  @Test
  void twoToOne_nativeAgainstArithmetic_andStubAgainstCopy() throws Exception {
    Result r = run(6, List.of("deflate", "deflate", "arithmetic", "crc32", "crc32", "arraycopy"));
    r.assertWithinBound();
  }

  @Test
  void aTwoSecondCaptureThroughTheProfiler_seesAThreadThatOnlyRunsAnIntrinsic() throws Exception {
    java.util.concurrent.atomic.AtomicBoolean run = new java.util.concurrent.atomic.AtomicBoolean(true);
    Thread crc = new Thread(() -> {
      java.util.zip.CRC32 c = new java.util.zip.CRC32();
      byte[] data = new byte[64 * 1024];
      while (run.get()) {
        c.update(data, 0, data.length);
      }
      GroundTruthWorkload.sink = c.getValue();
    }, "crc-only");
    crc.start();
    try (io.perfkit.profiler.capture.Profiler profiler = io.perfkit.profiler.capture.Profiler.builder().workDir(dir)
        .cpuEngine(null).build()) {
      Thread.sleep(500);
      io.perfkit.profiler.capture.CaptureResult r = profiler.capture(ProfileType.CPU, java.time.Duration.ofSeconds(2),
          io.perfkit.api.Labels.empty()).get(30, TimeUnit.SECONDS);
      assertEquals("jfr", r.metadata().labels().get("engine").orElseThrow());
      StackProfile p = StackProfile.read(r.file(), ProfileType.CPU);
      CpuCoverage c = p.coverage().orElseThrow(() -> new AssertionError("no CPU readings in a 2 s capture"));
      MethodStat thread = p.methods().get(getClass().getName() + ".lambda$aTwoSecondCaptureThroughTheProfiler_seesAThreadThatOnlyRunsAnIntrinsic$0");
      System.out.println(c.summary() + "; the CRC32 thread's share " + (thread == null ? 0 : thread.totalPercent()));
      assertTrue(thread != null && thread.totalPercent() > 80, "the thread that used the CPU leads the profile: "
          + p.topTotal(5) + " " + c);
    } finally {
      run.set(false);
      crc.join();
    }
  }

  /** What one run measured: each kind's true share and its share in the profile, in percent. */
  private record Result(Map<String, Double> truth, Map<String, Double> profile, Map<String, Double> samplesAlone,
      StackProfile p) {
    void assertWithinBound() {
      StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "JDK %d%n%-12s %7s %7s %14s%n",
          Runtime.version().feature(), "kind", "truth", "profile", "samples alone"));
      truth.forEach((k, t) -> table.append(String.format(Locale.ROOT, "%-12s %6.1f%% %6.1f%% %13.1f%%%n", k, t,
          profile.get(k), samplesAlone.get(k))));
      table.append(p.coverage().map(CpuCoverage::summary).orElse("no coverage")).append('\n');
      p.coverage().flatMap(CpuCoverage::warning).ifPresent(w -> table.append(w).append('\n'));
      System.out.print(table);
      assertTrue(p.coverage().isPresent(), "the recording has CPU readings: " + table);
      for (String kind : truth.keySet()) {
        assertTrue(Math.abs(truth.get(kind) - profile.get(kind)) <= BOUND_POINTS, kind + " off by more than " + BOUND_POINTS
            + " points on JDK " + Runtime.version().feature() + ":\n" + table);
      }
    }
  }

  private Result run(int seconds, List<String> kinds) throws Exception {
    GroundTruth.Run run = GroundTruth.run(dir, "jfr", seconds, kinds, List.of(), List.of());
    StackProfile p = StackProfile.read(run.jfr(), ProfileType.CPU);
    // the same recording without the CPU readings: what the engine's samples alone say
    StackProfile alone = StackProfile.read(run.jfr(), ProfileType.CPU,
        e -> !e.getEventType().getName().equals(EventSelection.THREAD_CPU));
    return new Result(run.truth(), GroundTruth.shares(p, run.cpu().keySet()), GroundTruth.shares(alone, run.cpu().keySet()), p);
  }
}
