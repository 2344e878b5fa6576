package io.perfkit.profiler.async;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.api.Labels;
import io.perfkit.api.ProfileLabels;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.profiler.analysis.StackProfile;
import io.perfkit.profiler.capture.CaptureResult;
import io.perfkit.profiler.capture.CpuEngine;
import io.perfkit.profiler.capture.Profiler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import one.profiler.AsyncProfiler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine with the real async-profiler, found the way a user's profiler finds it. */
final class AsyncProfilerEngineTest {

  @TempDir Path dir;

  private final AtomicBoolean burning = new AtomicBoolean(true);
  private Thread burner;
  static volatile long sink;

  @BeforeEach
  void burnCpu() {
    burner = new Thread(() -> {
      long x = 1;
      while (burning.get()) {
        for (int i = 0; i < 100_000; i++) {
          x = x * 6364136223846793005L + 1442695040888963407L;
        }
        sink = x;
      }
    }, "burner");
    burner.setDaemon(true);
    burner.start();
  }

  @AfterEach
  void stopBurning() throws InterruptedException {
    burning.set(false);
    burner.join();
  }

  @Test
  void installed_isFoundByServiceLoader_andCanRunHere() {
    Optional<CpuEngine> e = CpuEngine.installed();
    assertTrue(e.isPresent(), "no CPU engine installed: " + new AsyncProfilerEngine().unavailableReason());
    assertEquals(AsyncProfilerEngine.NAME, e.get().name());
    assertEquals(Optional.empty(), e.get().unavailableReason());
  }

  @Test
  void profilerByDefault_capturesCpuWithTheEngine_labelledAndReadable() throws Exception {
    try (Profiler profiler = Profiler.builder().workDir(dir).build()) {
      assertEquals("async-profiler", profiler.cpuEngine());
      CaptureResult r = profiler.capture(ProfileType.CPU, Duration.ofSeconds(2), Labels.empty()).get(30, TimeUnit.SECONDS);
      assertEquals(Optional.of("async-profiler"), r.metadata().labels().get(ProfileLabels.ENGINE));
      StackProfile p = StackProfile.read(r.file(), ProfileType.CPU);
      assertTrue(p.events() > 0, "no samples in " + r.file());
      Optional<String> sampler = AsyncProfilerEngine.cpuSampler(r.file());
      assertTrue(sampler.isPresent() && Set.of("perf_events", "ctimer", "itimer").contains(sampler.get()),
          "sampler recorded: " + sampler);
      r.deleteFile();
    }
  }

  @Test
  void profilerWithoutEngine_keepsJfr() throws Exception {
    try (Profiler profiler = Profiler.builder().workDir(dir).cpuEngine(null).build()) {
      assertEquals("jfr", profiler.cpuEngine());
      CaptureResult r = profiler.capture(ProfileType.CPU, Duration.ofSeconds(1), Labels.empty()).get(30, TimeUnit.SECONDS);
      assertEquals(Optional.of("jfr"), r.metadata().labels().get(ProfileLabels.ENGINE));
      assertEquals(Optional.empty(), AsyncProfilerEngine.cpuSampler(r.file()), "JFR's own recording has no async-profiler sampler");
      r.deleteFile();
    }
  }

  @Test
  void startTwice_secondFailsNamingTheRunningSession_andStopLeavesNothingRunning() throws Exception {
    AsyncProfilerEngine engine = new AsyncProfilerEngine();
    Path first = dir.resolve("first.jfr");
    CpuEngine.Session s = engine.start(first, Duration.ofMillis(10));
    IOException twice;
    try {
      twice = assertThrows(IOException.class, () -> new AsyncProfilerEngine().start(dir.resolve("second.jfr"), Duration.ofMillis(10)));
    } finally {
      s.stop();
    }
    assertTrue(twice.getMessage().contains(first.toString()), twice.getMessage());
    assertTrue(Files.size(first) > 0, "empty recording");
    assertTrue(AsyncProfiler.getInstance().execute("status").contains("not active"), "async-profiler still running");
    s.stop();  // a second stop does nothing

    CpuEngine.Session again = engine.start(dir.resolve("again.jfr"), Duration.ofMillis(10));
    again.stop();
    assertTrue(Files.size(dir.resolve("again.jfr")) > 0);
  }

  @Test
  void start_pathWithComma_recordsThereAnyway() throws Exception {
    Path odd = Files.createDirectories(dir.resolve("a,b")).resolve("cpu.jfr");
    CpuEngine.Session s = new AsyncProfilerEngine().start(odd, Duration.ofMillis(10));
    Thread.sleep(300);  // some samples of the burner
    s.stop();
    assertTrue(StackProfile.read(odd, ProfileType.CPU).events() > 0, "no samples in " + odd);
  }

  @Test
  void start_nonPositivePeriod_isRefusedNamingIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new AsyncProfilerEngine().start(dir.resolve("x.jfr"), Duration.ZERO));
    assertTrue(e.getMessage().contains("PT0S"), e.getMessage());
  }
}
