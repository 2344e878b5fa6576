package io.perfkit.monitor;

import io.perfkit.api.alert.AlertEvaluation;
import io.perfkit.monitor.health.JvmHealthRule;
import io.perfkit.testtools.Pinning;
import java.util.ArrayList;
import java.util.List;

/**
 * A JVM of JDK 21 or later for {@link VirtualThreadMetricsTest}: five virtual threads each block
 * for 50 ms inside a class initializer (each in a class loader of its own, so each runs the
 * initializer), which pins them to their carriers on every JDK; it prints what the monitor and
 * the pinning rule saw. Compiled for 17, so virtual threads are started reflectively.
 */
public final class VirtualThreadsChild {

  static final int PINS = 5;

  private VirtualThreadsChild() {}

  public static void main(String[] args) throws Exception {
    Monitor monitor = Monitor.builder().build();
    JvmMetrics jvm = JvmMetrics.builder(monitor).virtualThreads(true).build();
    try {
      monitor.tick();
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < PINS; i++) {
        threads.add(Pinning.pinOnce());
      }
      for (Thread t : threads) {
        t.join();
      }
      String key = "jvm.threads.virtual.pinned";
      long deadline = System.nanoTime() + 15_000_000_000L;
      MonitorSnapshot s;
      long seen = 0;
      AlertEvaluation rule = null;
      do {
        Thread.sleep(250);
        s = monitor.tick();
        seen = (long) s.value(key).orElse(0);
        AlertEvaluation e = new JvmHealthRule.VirtualThreadPinned().evaluate(s);
        if (e.active()) {
          rule = e;
        }
      } while (seen < PINS && System.nanoTime() < deadline);
      System.out.println("jdk=" + Runtime.version().feature());
      System.out.println("pinned=" + seen);
      System.out.println("pinned.max.ms=" + Math.round(s.quantile(key, 1.0).orElse(0) * 1000));
      System.out.println("rule.active=" + (rule != null));
      System.out.println("rule.rate=" + (rule == null ? 0 : Math.round(rule.value())));
      System.out.println("submit.failed=" + (long) s.value("jvm.threads.virtual.submit.failed").orElse(-1));
      System.out.println("scheduler.parallelism=" + (long) s.value("jvm.threads.virtual.parallelism").orElse(-1));
      System.out.println("scheduler.queued=" + (long) s.value("jvm.threads.virtual.queued").orElse(-1));
    } finally {
      jvm.close();
      monitor.close();
    }
  }
}
