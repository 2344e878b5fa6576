package io.perfkit.profiler.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The correction by thread CPU time, on samples and readings given by hand (10 ms period). */
final class CpuAttributionTest {

  private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
  private static final String[] HOT = {"app.Hot.loop", "app.Hot.run"};
  private static final String[] NATIVE = {"java.util.zip.Deflater.deflateBytesBytes", "app.Zip.run"};
  private static final String[] AT_SAFEPOINT = {"app.Crc.loop", "app.Crc.run"};

  private final CpuAttribution a = new CpuAttribution(EventSelection.EXECUTION_SAMPLE, true);
  private final Map<String, Long> weights = new LinkedHashMap<>();

  CpuAttributionTest() {
    a.period(Duration.ofMillis(20));
    a.period(Duration.ofMillis(10));  // two recordings: the shorter period is the one in force
    a.seen(T0);
  }

  private Optional<CpuCoverage> replay() {
    return a.replay((stack, w) -> weights.merge(String.join("<", stack), w, Long::sum));
  }

  private void readings(long thread, String name, int seconds, long cpuMillisEach, Optional<String[]> stack) {
    for (int s = 1; s <= seconds; s++) {
      a.reading(thread, name, T0.plusSeconds(s), Duration.ofSeconds(1), Duration.ofMillis(cpuMillisEach), stack);
    }
  }

  @Test
  void aThreadTheSamplerMissed_getsItsCpuThroughItsNativeSamples_andIsNamedUnderSampled() {
    for (int i = 0; i < 100; i++) {
      a.sample(1, "hot", HOT, T0.plusMillis(10L * i), false);
    }
    readings(1, "hot", 2, 500, Optional.empty());  // 1 s of CPU: 100 samples at 10 ms, all seen
    for (int i = 0; i < 7; i++) {
      a.nativeSample(2, "zip", NATIVE);
    }
    readings(2, "zip", 2, 1000, Optional.empty());  // 2 s of CPU, no execution sample at all
    CpuCoverage c = replay().orElseThrow();
    assertEquals(100, weights.get(String.join("<", HOT)));
    assertEquals(200, weights.get(String.join("<", NATIVE)), "2 s of CPU at 10 ms");
    assertEquals(Duration.ofSeconds(3), c.cpuTime());
    assertEquals(Duration.ofSeconds(1), c.sampledTime());
    assertEquals(Duration.ofSeconds(2), c.estimatedTime());
    assertEquals(1 / 3.0, c.fraction(), 1e-9);
    assertEquals(List.of("zip"), c.underSampled().stream().map(CpuCoverage.ThreadCoverage::thread).toList());
    assertEquals(200, c.underSampled().get(0).expectedSamples());
    String warning = c.warning().orElseThrow();
    assertTrue(warning.contains("33 %") && warning.contains("zip (0 of 200 samples for 2.0 s of CPU)"), warning);
  }

  @Test
  void withoutNativeSamples_theMissingCpuGoesToTheStacksTakenAtReadings_byTheirCpu() {
    readings(3, "crc", 3, 1000, Optional.of(AT_SAFEPOINT));
    replay();
    assertEquals(Map.of(String.join("<", AT_SAFEPOINT), 300L), weights);
  }

  @Test
  void withNoStackAtAll_theCpuIsShownUnderAFrameNamingTheThread() {
    readings(4, "worker-4", 1, 250, Optional.empty());
    replay();
    assertEquals(Map.of("(CPU not sampled: thread worker-4)", 25L), weights);
  }

  @Test
  void anOverSampledThread_isScaledDownToItsCpu_andTheWeightsAddUpExactly() {
    String[] other = {"app.Hot.other", "app.Hot.run"};
    for (int i = 0; i < 90; i++) {
      a.sample(5, "runnable", i % 3 == 0 ? other : HOT, T0.plusMillis(10L * i), false);  // 30 and 60
    }
    readings(5, "runnable", 1, 450, Optional.empty());  // 45 samples' worth: sampled while waiting for a core
    CpuCoverage c = replay().orElseThrow();
    assertEquals(45, weights.values().stream().mapToLong(Long::longValue).sum());
    assertEquals(30, weights.get(String.join("<", HOT)));
    assertEquals(15, weights.get(String.join("<", other)));
    assertEquals(1.0, c.fraction(), 1e-9);
    assertFalse(c.warning().isPresent());
  }

  @Test
  void aReadingThatBeganBeforeTheRecording_countsForThePartInsideIt() {
    a.reading(6, "t", T0.plusMillis(500), Duration.ofSeconds(1), Duration.ofMillis(1000), Optional.of(HOT));
    CpuCoverage c = replay().orElseThrow();
    assertEquals(Duration.ofMillis(500), c.cpuTime());
    assertEquals(50, weights.get(String.join("<", HOT)));
  }

  @Test
  void samplesOutsideTheSpanTheReadingsCover_weighOneEach() {
    // a 900 ms capture whose only reading ended just after it began: the samples after it are kept
    a.reading(7, "t", T0.plusMillis(5), Duration.ofSeconds(1), Duration.ofMillis(5), Optional.empty());
    for (int i = 0; i < 80; i++) {
      a.sample(7, "t", HOT, T0.plusMillis(10 + 10L * i), false);
    }
    replay();
    assertEquals(80, weights.get(String.join("<", HOT)), weights.toString());
    // a thread whose first reading began late: its earlier samples are not judged by that reading
    CpuAttribution late = new CpuAttribution(EventSelection.EXECUTION_SAMPLE, true);
    late.period(Duration.ofMillis(10));
    late.seen(T0);
    for (int i = 0; i < 200; i++) {
      late.sample(8, "w", HOT, T0.plusMillis(10L * i), false);
    }
    late.reading(8, "w", T0.plusSeconds(2), Duration.ofSeconds(1), Duration.ofMillis(1000), Optional.empty());
    Map<String, Long> w = new LinkedHashMap<>();
    CpuCoverage c = late.replay((stack, n) -> w.merge(String.join("<", stack), n, Long::sum)).orElseThrow();
    assertEquals(200, w.get(String.join("<", HOT)), "100 judged by the reading, 100 before it as they are");
    assertEquals(1.0, c.fraction(), 1e-9);
  }

  @Test
  void aWindowCountsReadingsProRata_andAWindowShorterThanFiveSecondsIsNotJudged() {
    CpuAttribution windowed = new CpuAttribution(EventSelection.EXECUTION_SAMPLE, true);
    windowed.period(Duration.ofMillis(10));
    windowed.window(T0.plusMillis(500), T0.plusMillis(6500));
    for (int s = 1; s <= 8; s++) {
      windowed.reading(7, "t", T0.plusSeconds(s), Duration.ofSeconds(1), Duration.ofMillis(800), Optional.of(HOT));
    }
    assertEquals(Duration.ofMillis(4800), windowed.replay((stack, w) -> { }).orElseThrow().cpuTime(), "6 s of 0.8");

    CpuAttribution request = new CpuAttribution(EventSelection.EXECUTION_SAMPLE, true);
    request.period(Duration.ofMillis(10));
    request.window(T0, T0.plusMillis(1200));
    request.sample(8, "req", HOT, T0.plusMillis(100), false);
    request.reading(8, "req", T0.plusSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(900), Optional.empty());
    Map<String, Long> kept = new LinkedHashMap<>();
    assertTrue(request.replay((stack, w) -> kept.merge(String.join("<", stack), w, Long::sum)).isEmpty());
    assertEquals(Map.of(String.join("<", HOT), 1L), kept, "the request's own samples, as they are");
  }

  @Test
  void aRequestsOwnThreadCpu_judgesAWindowOfAnyLength() {
    CpuAttribution request = new CpuAttribution(EventSelection.EXECUTION_SAMPLE, true);
    request.period(Duration.ofMillis(20));
    request.window(T0, T0.plusMillis(1200));
    request.knownCpu(8, Duration.ofMillis(1000));
    request.sample(8, "req", HOT, T0.plusMillis(100), false);
    for (int i = 0; i < 4; i++) {
      request.nativeSample(8, "req", NATIVE);
    }
    Map<String, Long> got = new LinkedHashMap<>();
    CpuCoverage c = request.replay((stack, w) -> got.merge(String.join("<", stack), w, Long::sum)).orElseThrow();
    assertEquals(Duration.ofMillis(1000), c.cpuTime());
    assertEquals(Map.of(String.join("<", HOT), 1L, String.join("<", NATIVE), 49L), got, "50 samples' worth at 20 ms");
    assertEquals(0.02, c.fraction(), 1e-9);
  }

  @Test
  void aRequestsThreadWithNoEventOfItsOwn_isNamedByItsId() {
    CpuAttribution request = new CpuAttribution(EventSelection.EXECUTION_SAMPLE, true);
    request.period(Duration.ofMillis(10));
    request.window(T0, T0.plusMillis(100));
    request.knownCpu(37, Duration.ofMillis(30));
    Map<String, Long> got = new LinkedHashMap<>();
    request.replay((stack, w) -> got.merge(String.join("<", stack), w, Long::sum));
    assertEquals(Map.of("(CPU not sampled: thread id 37)", 3L), got);
  }

  @Test
  void cpuTimeSamples_areKeptAsTheyAre_whileTheirCoverageBiasAndLossAreCounted() {
    CpuAttribution cpuTime = new CpuAttribution(EventSelection.CPU_TIME_SAMPLE, false);
    cpuTime.period(Duration.ofMillis(10));
    cpuTime.seen(T0);
    for (int i = 0; i < 80; i++) {
      cpuTime.sample(9, "t", HOT, T0.plusMillis(10L * i), i < 20);
    }
    cpuTime.lost(3);
    cpuTime.reading(9, "t", T0.plusSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(1000), Optional.of(AT_SAFEPOINT));
    Map<String, Long> kept = new LinkedHashMap<>();
    CpuCoverage c = cpuTime.replay((stack, w) -> kept.merge(String.join("<", stack), w, Long::sum)).orElseThrow();
    assertEquals(Map.of(String.join("<", HOT), 80L), kept);
    assertEquals(0.8, c.fraction(), 1e-9);
    assertEquals(0.25, c.biasedFraction(), 1e-9);
    assertEquals("coverage 80 % of 1.0 s CPU (jdk.CPUTimeSample, 10 ms period), 25 % of samples biased, 3 samples lost",
        c.summary());
  }

  @Test
  void withoutReadings_everySampleWeighsOne_andThereIsNoCoverage() {
    a.sample(10, "t", HOT, T0, false);
    a.sample(10, "t", HOT, T0.plusMillis(10), false);
    assertTrue(replay().isEmpty());
    assertEquals(Map.of(String.join("<", HOT), 2L), weights);
  }

  @Test
  void periods_areReadInJfrsSpellings_andRatesAreNotPeriods() {
    assertEquals(Optional.of(Duration.ofMillis(10)), EventSelection.parsePeriod("10 ms"));
    assertEquals(Optional.of(Duration.ofMillis(20)), EventSelection.parsePeriod("20ms"));
    assertEquals(Optional.of(Duration.ofSeconds(1)), EventSelection.parsePeriod("1 s"));
    assertEquals(Optional.of(Duration.ofNanos(500_000)), EventSelection.parsePeriod("500 us"));
    assertEquals(Optional.empty(), EventSelection.parsePeriod("500/s"));
    assertEquals(Optional.empty(), EventSelection.parsePeriod("everyChunk"));
  }
}
