package io.perfkit.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class JvmMetricsTest {

  @Test
  void jvmAndSystemMetrics_haveSaneValues() throws Exception {
    JvmMetrics jvm = null;
    try (Monitor monitor = Monitor.builder().build()) {
      jvm = JvmMetrics.builder(monitor).systemEvents(true).build();
      List<byte[]> garbage = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        garbage.add(new byte[1 << 20]);
        if (garbage.size() > 20) {
          garbage.clear();
        }
      }
      System.gc();
      MonitorSnapshot s = monitor.tick();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      // the JFR stream reports once a second
      while (Double.isNaN(s.value("system.context.switch.rate").orElseThrow()) && System.nanoTime() < deadline) {
        Thread.sleep(200);
        s = monitor.tick();
      }
      assertTrue(s.value("jvm.memory.heap.used.bytes").orElseThrow() > 0);
      assertTrue(s.value("jvm.memory.heap.committed.bytes").orElseThrow() >= s.value("jvm.memory.heap.used.bytes").orElseThrow());
      assertTrue(s.value("jvm.threads.live").orElseThrow() >= 2);
      assertTrue(s.value("jvm.threads.peak").orElseThrow() >= s.value("jvm.threads.live").orElseThrow());
      assertTrue(s.value("jvm.classes.loaded").orElseThrow() > 1000);
      assertEquals(Runtime.getRuntime().availableProcessors(), s.value("jvm.available.processors").orElseThrow());
      assertTrue(s.value("process.open.fds").orElseThrow() > 3);
      assertTrue(s.value("jvm.memory.allocated.bytes").orElseThrow() > 200 << 20);
      double collections = 0;
      for (String k : s.metricNames()) {
        if (k.startsWith("jvm.gc.collections{")) {
          collections += s.value(k).orElseThrow();
        }
      }
      assertTrue(collections >= 1, "System.gc() ran no collection?");
      assertTrue(s.sample("jvm.gc.pause", DistributionSample.class).orElseThrow().count() >= 1, "no GC pause was recorded from notifications");
      assertTrue(s.value("system.context.switch.rate").orElseThrow() > 0, "no context-switch rate from JFR");
      double safepoints = s.value("jvm.safepoint.overhead").orElseThrow();
      assertTrue(safepoints >= 0 && safepoints < 1, "safepoint overhead " + safepoints);
      double after = s.value("jvm.memory.heap.after.gc.fraction").orElseThrow();
      assertTrue(after > 0 && after < 1, "heap after GC " + after);
      assertTrue(s.value("jvm.memory.metaspace.used.bytes").orElseThrow() > 1 << 20);
      assertEquals(0, s.value("jvm.threads.deadlocked").orElseThrow());
      assertTrue(s.metricNames().stream().anyMatch(k -> k.startsWith("jvm.info{vendor=")));
    } finally {
      if (jvm != null) {
        jvm.close();
      }
    }
  }

  @Test
  @SuppressWarnings("try")  // the metrics' resource is only closed
  void stopTheWorldPausesAreTimedAsPauses_concurrentCyclesApart() throws Exception {
    // the actions the JDK's collectors report (G1, Serial, Parallel, ZGC, Shenandoah; JDK 17 and 25)
    for (String pause : List.of("end of minor GC", "end of major GC", "end of GC pause", "end of concurrent GC pause",
        "Init Mark", "Final Mark", "Degenerated GC")) {
      assertTrue(!JvmMetrics.isConcurrentCycle(pause), pause);
    }
    assertTrue(JvmMetrics.isConcurrentCycle("end of GC cycle"));
    try (Monitor monitor = Monitor.builder().build(); JvmMetrics jvm = JvmMetrics.builder(monitor).build()) {
      long before = monitor.tick().sample("jvm.gc.pause", DistributionSample.class).orElseThrow().count();
      System.gc();
      System.gc();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      MonitorSnapshot s = monitor.tick();
      while (s.sample("jvm.gc.pause", DistributionSample.class).orElseThrow().count() < before + 2 && System.nanoTime() < deadline) {
        Thread.sleep(50);  // notifications arrive on the JDK's own thread
        s = monitor.tick();
      }
      assertTrue(s.sample("jvm.gc.pause", DistributionSample.class).orElseThrow().count() >= before + 2, "two full pauses on G1 or Serial");
      assertEquals(0, s.sample("jvm.gc.concurrent", DistributionSample.class).orElseThrow().count(), "no concurrent cycle on this collector");
    }
  }

  @Test
  @SuppressWarnings("try")  // the metrics' resource is only closed
  void allocatedBytes_keepWhatAnExitedThreadAllocated() throws Exception {
    try (Monitor monitor = Monitor.builder().build(); JvmMetrics jvm = JvmMetrics.builder(monitor).build()) {
      java.util.concurrent.CountDownLatch allocated = new java.util.concurrent.CountDownLatch(1);
      java.util.concurrent.CountDownLatch sampled = new java.util.concurrent.CountDownLatch(1);
      Thread t = new Thread(() -> {
        for (int i = 0; i < 64; i++) {
          sink = new byte[1 << 20];
        }
        allocated.countDown();
        try {
          sampled.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      double start = monitor.tick().value("jvm.memory.allocated.bytes").orElseThrow();
      t.start();
      allocated.await();
      double whileAlive = monitor.tick().value("jvm.memory.allocated.bytes").orElseThrow();
      sampled.countDown();
      t.join();
      double afterExit = monitor.tick().value("jvm.memory.allocated.bytes").orElseThrow();
      assertTrue(whileAlive - start >= 64 << 20, "the thread's 64 MB: " + (whileAlive - start));
      assertTrue(afterExit >= whileAlive, "cumulative bytes went down when a thread exited: " + whileAlive + " → " + afterExit);
    }
  }

  static volatile Object sink;
}
