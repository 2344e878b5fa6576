package io.perfkit.profiler.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.api.alert.JvmThresholds;
import io.perfkit.profiler.internal.JfrSettings;
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
    List<String> jvm = new ArrayList<>(List.of("-Xmx128m"));
    jvm.addAll(List.of(flags));
    runChild(jfr, jvm);
    return GcReport.read(jfr);
  }

  /** Runs {@link GcWorkload} with {@code jvmFlags}, writing {@code jfr}; returns what it printed. */
  private static String runChild(Path jfr, List<String> jvmFlags, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmFlags);
    cmd.add("-cp");
    cmd.add(Path.of(GcWorkload.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
    cmd.add(GcWorkload.class.getName());
    cmd.add(jfr.toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "workload did not finish: " + out + err);
    assertEquals(0, p.exitValue(), out + err);
    return out;
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

  /**
   * In a JVM of its own, with a fixed heap, so that nothing else (earlier tests' threads and
   * garbage, a shared heap's sizing) is counted with it.
   */
  @Test
  void allocationRate_isWithinTenPercentOfWhatWasAllocated() throws Exception {
    Path jfr = dir.resolve("alloc.jfr");
    String[] truth = runChild(jfr, List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC"), "allocate").strip().split(" ");
    double rate = Long.parseLong(truth[0]) / (Long.parseLong(truth[1]) / 1e9);
    GcReport report = GcReport.read(jfr);
    double measured = report.allocationRate();
    assertEquals("heap growth between collections", report.allocationSource(), report.text());
    assertTrue(Math.abs(measured - rate) <= 0.10 * rate,
        String.format("allocated %.3g B/s, the report says %.3g B/s%n%s", rate, measured, report.text()));
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
    GcReport empty = GcReport.read(jfr, future, future.plusSeconds(1), JvmThresholds.defaults());
    assertEquals(0, empty.pauseStats().count());
    assertTrue(GcReport.read(jfr).pauseStats().count() >= 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GcReport.read(jfr, future, future.minusSeconds(1), JvmThresholds.defaults()));
    assertTrue(e.getMessage().contains(future.toString()), e.getMessage());
    IllegalArgumentException t = assertThrows(IllegalArgumentException.class,
        () -> JvmThresholds.builder().gcOverhead(1.5));
    assertTrue(t.getMessage().contains("1.5"), t.getMessage());
  }
}
