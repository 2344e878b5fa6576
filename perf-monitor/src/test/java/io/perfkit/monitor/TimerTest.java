package io.perfkit.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.testkit.ManualTimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class TimerTest {

  private final ManualTimeSource time = new ManualTimeSource();
  private final Monitor monitor = Monitor.builder().timeSource(time).window(Duration.ofSeconds(6), 3).build();

  private MonitorSnapshot tick() {
    time.advance(Duration.ofSeconds(1));
    return monitor.tick();
  }

  /** Log-normal latencies around 2 ms with a long tail, in nanoseconds. */
  private static long[] latencies(long seed, int n) {
    Random r = new Random(seed);
    long[] v = new long[n];
    for (int i = 0; i < n; i++) {
      v[i] = (long) Math.exp(Math.log(2_000_000) + 1.2 * r.nextGaussian());
    }
    return v;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4})
  void percentiles_matchExactSortedValuesWithinTheHdrBound_andHdrHistogramItself(int threads) throws Exception {
    Timer timer = monitor.timer("t");
    long[][] perThread = new long[threads][];
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        perThread[t] = latencies(t, 50_000 / threads);
        long[] mine = perThread[t];
        fs.add(pool.submit(() -> {
          for (long v : mine) {
            timer.record(v, TimeUnit.NANOSECONDS);
          }
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    DistributionStats s = tick().sample("t", DistributionSample.class).orElseThrow().tick();

    long[] all = Arrays.stream(perThread).flatMapToLong(Arrays::stream).sorted().toArray();
    Histogram hdr = new Histogram(1, Duration.ofHours(1).toNanos(), 3);
    for (long v : all) {
      hdr.recordValue(v);
    }
    assertEquals(all.length, s.count());
    assertEquals(all[0], s.min());
    assertEquals(all[all.length - 1], s.max());
    assertEquals(Arrays.stream(all).average().orElseThrow(), s.mean(), 1e-6);
    double[] ps = {50, 90, 99, 99.9};
    long[] ours = {s.p50(), s.p90(), s.p99(), s.p999()};
    for (int i = 0; i < ps.length; i++) {
      // nearest rank, rounded as HdrHistogram rounds it
      long exact = all[(int) Math.max(1, (long) (ps[i] / 100.0 * all.length + 0.5)) - 1];
      assertTrue(Math.abs(ours[i] - exact) <= exact * 0.001 + 1,
          "p" + ps[i] + ": ours " + ours[i] + ", exact " + exact);
      assertEquals(Math.min(hdr.getValueAtPercentile(ps[i]), all[all.length - 1]), ours[i], "p" + ps[i] + " vs HdrHistogram");
    }
  }

  @Test
  void oneMillisecond_isReportedAsOneMillisecond() {
    Timer timer = monitor.timer("ms");
    timer.record(1, TimeUnit.MILLISECONDS);
    DistributionStats s = tick().sample("ms", DistributionSample.class).orElseThrow().tick();
    assertEquals(1_000_000, s.max());
    assertTrue(Math.abs(s.p50() - 1_000_000) <= 1000, "p50 " + s.p50());
  }

  @Test
  void recordingWhileTicking_losesNoSample() throws Exception {
    Timer timer = monitor.timer("busy");
    int threads = 4;
    AtomicBoolean run = new AtomicBoolean(true);
    AtomicLong recorded = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch started = new CountDownLatch(threads);
    List<Future<?>> fs = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      fs.add(pool.submit(() -> {
        started.countDown();
        long n = 0;
        while (run.get()) {
          timer.recordNanos(1000 + (n % 5000));
          n++;
        }
        recorded.addAndGet(n);
      }));
    }
    started.await();
    long counted = 0;
    for (int i = 0; i < 200; i++) {
      counted += tick().sample("busy", DistributionSample.class).orElseThrow().tick().count();
    }
    run.set(false);
    for (Future<?> f : fs) {
      f.get();
    }
    pool.shutdown();
    counted += tick().sample("busy", DistributionSample.class).orElseThrow().tick().count();
    assertEquals(recorded.get(), counted);
    assertEquals(recorded.get(), monitor.snapshot().sample("busy", DistributionSample.class).orElseThrow().count());
  }

  @Test
  void window_coversExactlyTheLastCompleteSlots() {
    Timer timer = monitor.timer("w");
    // window 6 s in 3 slots of 2 ticks: record i+1 values in tick i
    long[] perTick = new long[10];
    for (int i = 0; i < 10; i++) {
      for (int k = 0; k <= i; k++) {
        timer.recordNanos(1000);
      }
      perTick[i] = i + 1;
      MonitorSnapshot s = tick();
      int completedSlots = (i + 1) / 2;
      long expected = 0;
      for (int slot = Math.max(0, completedSlots - 3); slot < completedSlots; slot++) {
        expected += perTick[2 * slot] + perTick[2 * slot + 1];
      }
      assertEquals(expected, s.sample("w", DistributionSample.class).orElseThrow().window().count(), "after tick " + i);
    }
  }

  @Test
  void coordinatedOmission_correctionAddsTheHiddenValues() {
    Timer timer = monitor.timer(MetricId.of("co"), "", HistogramSettings.TIMER_DEFAULT.withExpectedInterval(Duration.ofMillis(10)));
    for (int i = 0; i < 99; i++) {
      timer.record(1, TimeUnit.MILLISECONDS);
    }
    timer.record(100, TimeUnit.MILLISECONDS);
    DistributionStats s = tick().sample("co", DistributionSample.class).orElseThrow().tick();
    Histogram hdr = new Histogram(1, Duration.ofHours(1).toNanos(), 3);
    for (int i = 0; i < 99; i++) {
      hdr.recordValueWithExpectedInterval(1_000_000, 10_000_000);
    }
    hdr.recordValueWithExpectedInterval(100_000_000, 10_000_000);
    assertEquals(hdr.getTotalCount(), s.count());
    assertTrue(Math.abs(s.p90() - hdr.getValueAtPercentile(90)) <= hdr.getValueAtPercentile(90) * 0.001,
        "p90 " + s.p90() + " vs " + hdr.getValueAtPercentile(90));
  }

  @Test
  void outOfRangeValues_areClampedAndCounted() {
    Timer timer = monitor.timer("clamp");
    timer.record(-5, TimeUnit.MILLISECONDS);
    timer.record(Duration.ofHours(2));
    DistributionStats s = tick().sample("clamp", DistributionSample.class).orElseThrow().tick();
    assertEquals(2, s.count());
    assertEquals(0, s.min());
    assertEquals(Duration.ofHours(1).toNanos(), s.max());
    assertEquals(2, timer.clamped());
  }

  @Test
  void time_recordsEvenWhenTheCallThrows() {
    Timer timer = monitor.timer("throws");
    try {
      timer.time(() -> {
        time.advance(Duration.ofMillis(5));
        throw new IllegalStateException("boom");
      });
    } catch (IllegalStateException expected) {
      // the point of the test
    }
    DistributionStats s = tick().sample("throws", DistributionSample.class).orElseThrow().tick();
    assertEquals(1, s.count());
    assertEquals(5_000_000, s.max());
  }

  @Test
  void recordsFromAThreadThatEnded_areCountedOnce_andItsTableIsReleased() throws Exception {
    Timer timer = monitor.timer("ended");
    Thread t = new Thread(() -> {
      for (int i = 0; i < 1000; i++) {
        timer.recordNanos(5000);
      }
    });
    t.start();
    t.join();
    assertEquals(1000, tick().sample("ended", DistributionSample.class).orElseThrow().tick().count());
    assertEquals(0, tick().sample("ended", DistributionSample.class).orElseThrow().tick().count());
    assertEquals(0, timer.core().recorder.threads());
  }
}
