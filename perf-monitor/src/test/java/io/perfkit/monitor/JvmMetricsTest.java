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
      jvm = JvmMetrics.register(monitor, true);
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
      assertTrue(s.sample("jvm.gc.pause").orElseThrow().value() >= 1, "no GC pause was recorded from notifications");
      assertTrue(s.value("system.context.switch.rate").orElseThrow() > 0, "no context-switch rate from JFR");
      assertTrue(s.metricNames().stream().anyMatch(k -> k.startsWith("jvm.info{vendor=")));
    } finally {
      if (jvm != null) {
        jvm.close();
      }
    }
  }
}
