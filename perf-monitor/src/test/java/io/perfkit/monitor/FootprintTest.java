package io.perfkit.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.testkit.ManualTimeSource;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The monitor's heap at default settings through a full window (60 ticks): 1,000 timers recorded
 * from 8 threads stay under 300 MB; one hot timer taking a million wide-spread values a second
 * from 4 threads (every thread's buffer spills into its dense array) stays under 32 MB.
 */
final class FootprintTest {

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  @Test
  void thousandTimersFromEightThreads_stayUnder300MB() throws Exception {
    int timers = 1000;
    int threads = 8;
    int perTick = 20;
    long before = usedHeapAfterGc();
    ManualTimeSource time = new ManualTimeSource();
    Monitor monitor = Monitor.builder().timeSource(time).build();
    Timer[] all = new Timer[timers];
    for (int i = 0; i < timers; i++) {
      all[i] = monitor.timer("service.op" + i + ".latency");
    }
    int ticks = 61;
    Random[] random = new Random[threads];
    for (int t = 0; t < threads; t++) {
      random[t] = new Random(t);
    }
    recordThroughTicks(time, monitor, threads, ticks, t -> {
      Random r = random[t];
      for (Timer timer : all) {
        for (int k = 0; k < perTick; k++) {
          // log-normal latencies around 5 ms, spread over many buckets
          timer.recordNanos((long) Math.exp(Math.log(5_000_000) + 1.5 * r.nextGaussian()));
        }
      }
    });
    long after = usedHeapAfterGc();
    long retained = after - before;
    long accounted = monitor.footprintBytes();
    assertEquals((long) threads * perTick * ticks, monitor.snapshot().sample("service.op0.latency", DistributionSample.class).orElseThrow().count());
    assertEquals((long) threads * perTick * 60, all[0].window().count(), "a full window");
    System.out.printf("1000 timers x 8 threads: heap retained %.1f MB, monitor accounts for %.1f MB%n",
        retained / 1e6, accounted / 1e6);
    assertTrue(retained < 300_000_000L, "retained " + retained / 1_000_000 + " MB");
    monitor.close();
  }

  @Test
  void aHotTimerAtAMillionValuesASecond_fromFourThreads_staysUnder32MB() throws Exception {
    int threads = 4;
    int perThreadPerTick = 250_000;
    long before = usedHeapAfterGc();
    ManualTimeSource time = new ManualTimeSource();
    Monitor monitor = Monitor.builder().timeSource(time).build();
    Timer hot = monitor.timer("service.hot.latency");
    long[][] values = new long[threads][perThreadPerTick];
    for (int t = 0; t < threads; t++) {
      Random r = new Random(100 + t);
      for (int i = 0; i < perThreadPerTick; i++) {
        // log-normal around 1 ms with sigma 3: tens of thousands of distinct buckets per tick
        values[t][i] = (long) Math.exp(Math.log(1_000_000) + 3 * r.nextGaussian());
      }
    }
    recordThroughTicks(time, monitor, threads, 61, t -> {
      for (long v : values[t]) {
        hot.recordNanos(v);
      }
    });
    java.util.Arrays.fill(values, null);  // the test's own input is not the monitor's footprint
    assertEquals((long) threads * perThreadPerTick * 60, hot.window().count(), "a full window");
    assertTrue(hot.core().recorder.spills() >= threads, "every thread's buffer spilled at least once");
    long retained = usedHeapAfterGc() - before;
    long accounted = monitor.footprintBytes();
    System.out.printf("1 hot timer x 4 threads at 1M values/s: heap retained %.1f MB, monitor accounts for %.1f MB%n",
        retained / 1e6, accounted / 1e6);
    assertTrue(retained < 32_000_000L, "retained " + retained / 1_000_000 + " MB");
    monitor.close();
  }

  /** One tick's recording for one thread. */
  private interface TickWork {
    void record(int thread);
  }

  /**
   * Runs {@code work} on {@code threads} threads of their own, once per tick, and ticks the
   * monitor between rounds while no thread records, for {@code ticks} ticks.
   */
  private static void recordThroughTicks(ManualTimeSource time, Monitor monitor, int threads, int ticks, TickWork work)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CyclicBarrier barrier = new CyclicBarrier(threads + 1);
      List<Future<?>> jobs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        jobs.add(pool.submit(() -> {
          for (int tick = 0; tick < ticks; tick++) {
            work.record(thread);
            barrier.await(60, TimeUnit.SECONDS);
            barrier.await(60, TimeUnit.SECONDS);
          }
          return null;
        }));
      }
      for (int tick = 0; tick < ticks; tick++) {
        barrier.await(60, TimeUnit.SECONDS);
        time.advance(Duration.ofSeconds(1));
        monitor.tick();
        barrier.await(60, TimeUnit.SECONDS);
      }
      for (Future<?> f : jobs) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }
}
