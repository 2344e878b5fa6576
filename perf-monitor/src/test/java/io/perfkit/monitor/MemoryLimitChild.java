package io.perfkit.monitor;

import io.perfkit.testtools.TestCgroup;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A JVM that {@link ContainerMetricsTest} puts into a cgroup with a memory limit: it touches 64 MiB,
 * ticks, and prints its container memory metrics for its parent to compare with the cgroup's files.
 */
public final class MemoryLimitChild {

  private MemoryLimitChild() {}

  public static void main(String[] args) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    if (!TestCgroup.awaitGo(in)) {
      return;
    }
    byte[] held = new byte[64 << 20];
    for (int i = 0; i < held.length; i += 4096) {
      held[i] = 1;  // charged to the cgroup once touched
    }
    try (Monitor monitor = Monitor.builder().build(); ContainerMetrics container = ContainerMetrics.builder(monitor).build()) {
      MonitorSnapshot s = monitor.tick();
      StringBuilder out = new StringBuilder();
      for (String name : container.metrics()) {
        if (name.startsWith("container.memory")) {
          out.append(name).append('=').append(s.value(name).orElse(Double.NaN)).append('\n');
        }
      }
      out.append("held=").append(held[held.length - 4096]).append('\n');
      System.out.print(out);
      System.out.println("done");
      System.out.flush();
      in.readLine();
    }
  }
}
