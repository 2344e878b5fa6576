package io.perfkit.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * 1,000 timers recorded from 8 threads, at default settings, through a full window (60 ticks):
 * the registry stays under 300 MB of heap.
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
    FakeTime time = new FakeTime();
    Monitor monitor = Monitor.builder().timeSource(time).build();
    Timer[] all = new Timer[timers];
    for (int i = 0; i < timers; i++) {
      all[i] = monitor.timer("service.op" + i + ".latency");
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CyclicBarrier barrier = new CyclicBarrier(threads + 1);
    int ticks = 61;
    List<Future<?>> jobs = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int seed = t;
      jobs.add(pool.submit(() -> {
        Random r = new Random(seed);
        for (int tick = 0; tick < ticks; tick++) {
          for (Timer timer : all) {
            for (int k = 0; k < perTick; k++) {
              // log-normal latencies around 5 ms, spread over many buckets
              timer.recordNanos((long) Math.exp(Math.log(5_000_000) + 1.5 * r.nextGaussian()));
            }
          }
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
    long after = usedHeapAfterGc();
    long retained = after - before;
    long accounted = monitor.footprintBytes();
    assertEquals((long) threads * perTick * ticks, monitor.snapshot().sample("service.op0.latency").orElseThrow().value());
    assertEquals((long) threads * perTick * 60, all[0].window().count(), "a full window");
    System.out.printf("1000 timers x 8 threads: heap retained %.1f MB, monitor accounts for %.1f MB%n",
        retained / 1e6, accounted / 1e6);
    assertTrue(retained < 300_000_000L, "retained " + retained / 1_000_000 + " MB");
    pool.shutdown();
    monitor.close();
  }
}
