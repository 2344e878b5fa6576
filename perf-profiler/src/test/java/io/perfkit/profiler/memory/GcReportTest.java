package io.perfkit.profiler.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.profiler.internal.JfrSettings;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GC reports of real recordings: pauses on three collectors, and a measured allocation rate. */
final class GcReportTest {

  @TempDir Path dir;
  static volatile Object sink;

  /** Runs {@link GcWorkload} in a JVM with {@code collector} flags and reads its recording. */
  private GcReport runWorkload(String name, String... flags) throws Exception {
    Path jfr = dir.resolve(name + ".jfr");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx128m");
    cmd.addAll(List.of(flags));
    cmd.add("-cp");
    cmd.add(Path.of(GcWorkload.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
    cmd.add(GcWorkload.class.getName());
    cmd.add(jfr.toString());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "workload did not finish: " + out);
    assertEquals(0, p.exitValue(), out);
    return GcReport.read(jfr);
  }

  @Test
  void serial_systemGcIsTwoPauses_andEveryCollectionIsOnePause() throws Exception {
    GcReport r = runWorkload("serial", "-XX:+UseSerialGC");
    GcReport.PauseStats explicit = r.pausesByCause().get("System.gc()");
    assertEquals(2, explicit.count(), r.text());
    assertEquals(2, r.pausesByCollector().get("SerialOld").count(), r.text());
    long collections = r.collections().values().stream().mapToLong(Long::longValue).sum();
    assertEquals(collections, r.pauseStats().count(), "a stop-the-world collector pauses once a collection: " + r.text());
    assertTrue(r.concurrentTime().compareTo(Duration.ofMillis(1)) < 0, r.text());
    assertTrue(r.findings().stream().anyMatch(f -> f.code().equals("explicit-gc") && f.message().startsWith("2 pause")),
        r.text());
    assertTrue(r.pauseStats().max().compareTo(r.pauseStats().p50()) >= 0);
    assertTrue(r.overhead() > 0 && r.overhead() < 1, r.text());
  }

  @Test
  void g1_systemGcIsAFullPause() throws Exception {
    GcReport r = runWorkload("g1", "-XX:+UseG1GC");
    assertEquals(2, r.pausesByCollector().get("G1Full").count(), r.text());
    assertEquals(2, r.pausesByCause().get("System.gc()").count(), r.text());
    assertTrue(r.findings().stream().noneMatch(f -> f.code().equals("g1-full-gc")),
        "full collections asked for by System.gc() are not the concurrent cycle failing: " + r.text());
  }

  @Test
  void g1_concurrentCycle_countsOnlyItsPauses() throws Exception {
    GcReport r = runWorkload("g1-concurrent", "-XX:+UseG1GC", "-XX:+ExplicitGCInvokesConcurrent");
    assertTrue(r.collections().getOrDefault("G1Old", 0L) >= 1, "System.gc() started a concurrent cycle: " + r.text());
    assertFalse(r.pausesByCollector().containsKey("G1Full"), r.text());
    assertTrue(r.concurrentTime().compareTo(Duration.ZERO) > 0, r.text());
    GcReport.PauseStats old = r.pausesByCollector().get("G1Old");
    for (GcReport.Pause p : r.pauses()) {
      if (p.collector().equals("G1Old")) {
        assertTrue(p.phase().contains("Remark") || p.phase().contains("Cleanup"),
            "the cycle's only pauses are remark and cleanup: " + p);
      }
    }
    assertTrue(old == null || old.count() <= 2 * r.collections().get("G1Old"), r.text());
  }

  /** About 1 GB/s: 10 MB in small arrays, then the rest of each 10 ms slice spent waiting. */
  private static void allocateAtAboutOneGigabytePerSecond(int slices) {
    long t0 = System.nanoTime();
    for (int slice = 0; slice < slices; slice++) {
      long sliceEnd = t0 + (slice + 1) * 10_000_000L;
      for (int i = 0; i < 10_000; i++) {
        sink = new byte[1000];
      }
      while (System.nanoTime() < sliceEnd) {
        Thread.onSpinWait();
      }
    }
  }

  @Test
  void allocationRate_isWithinTenPercentOfWhatWasAllocated() throws Exception {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Path jfr = dir.resolve("alloc.jfr");
    long bytes;
    long nanos;
    // Compiled first, so the rate is even over the recording: the report measures between its
    // first and last collection, the truth over the whole loop.
    allocateAtAboutOneGigabytePerSecond(100);
    try (Recording r = new Recording(JfrSettings.gc())) {
      r.start();
      long allocated0 = threads.getCurrentThreadAllocatedBytes();
      long t0 = System.nanoTime();
      allocateAtAboutOneGigabytePerSecond(300);
      nanos = System.nanoTime() - t0;
      bytes = threads.getCurrentThreadAllocatedBytes() - allocated0;
      r.stop();
      r.dump(jfr);
    }
    GcReport report = GcReport.read(jfr);
    double truth = bytes / (nanos / 1e9);
    double measured = report.allocationRate();
    assertEquals("heap growth between collections", report.allocationSource(), report.text());
    assertTrue(Math.abs(measured - truth) <= 0.10 * truth,
        String.format("allocated %.3g B/s, the report says %.3g B/s%n%s", truth, measured, report.text()));
  }

  @Test
  void aWindowOutsideTheRecording_isEmpty_andABackwardsWindowIsAnError() throws Exception {
    Path jfr = dir.resolve("small.jfr");
    try (Recording r = new Recording(JfrSettings.gc())) {
      r.start();
      System.gc();
      r.stop();
      r.dump(jfr);
    }
    Instant future = Instant.now().plusSeconds(3600);
    GcReport empty = GcReport.read(jfr, future, future.plusSeconds(1), GcReport.Thresholds.DEFAULT);
    assertEquals(0, empty.pauseStats().count());
    assertTrue(GcReport.read(jfr).pauseStats().count() >= 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GcReport.read(jfr, future, future.minusSeconds(1), GcReport.Thresholds.DEFAULT));
    assertTrue(e.getMessage().contains(future.toString()), e.getMessage());
    IllegalArgumentException t = assertThrows(IllegalArgumentException.class,
        () -> new GcReport.Thresholds(1.5, Duration.ofMillis(1), Duration.ofMillis(2), 0.8, 0.05, 1e9, 0.05));
    assertTrue(t.getMessage().contains("1.5"), t.getMessage());
  }
}
