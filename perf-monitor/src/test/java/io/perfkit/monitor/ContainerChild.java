package io.perfkit.monitor;

import io.perfkit.monitor.alert.AlertManager;
import io.perfkit.monitor.health.JvmHealthRules;
import io.perfkit.testkit.ManualTimeSource;
import io.perfkit.testtools.TestCgroup;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A JVM that {@link ContainerMetricsTest} puts into a cgroup with a CPU quota: once told to go, it
 * burns two threads (more than the quota allows), ticks its monitor, and prints what its container
 * metrics and the throttling rule say, as {@code name=value} lines, then waits for its parent to
 * compare them with the cgroup's own {@code cpu.stat}.
 */
public final class ContainerChild {

  private ContainerChild() {}

  public static void main(String[] args) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    if (!TestCgroup.awaitGo(in)) {
      return;
    }
    ManualTimeSource time = new ManualTimeSource();
    try (Monitor monitor = Monitor.builder().timeSource(time).build();
        AlertManager alerts = AlertManager.builder().build()) {
      ContainerMetrics container = ContainerMetrics.builder(monitor).build();
      alerts.addRules(JvmHealthRules.defaults()).attach(monitor);
      System.out.println("metrics=" + String.join(",", container.metrics()));
      monitor.tick();
      TestCgroup.burn(2, Duration.ofMillis(1500));
      time.advance(Duration.ofSeconds(1));
      monitor.tick();                        // throttled: the rule is pending
      time.advance(Duration.ofSeconds(61));
      TestCgroup.burn(2, Duration.ofMillis(1500));
      MonitorSnapshot throttled = monitor.tick(); // throttled for over a minute of the monitor's time: firing
      String share = "container.cpu.throttled.fraction=" + throttled.value("container.cpu.throttled.fraction").orElse(Double.NaN);
      String rule = "rule=" + alerts.statuses().stream().filter(s -> s.rule().equals("ContainerCpuThrottled"))
          .map(s -> s.state().name()).findFirst().orElse("absent");
      // Let the JIT and GC settle and run the report once unseen, so that between the last reading
      // and the parent's own reading of cpu.stat the JVM does next to nothing.
      Thread.sleep(1000);
      report(monitor, container, new PrintStream(OutputStream.nullOutputStream()));
      Thread.sleep(200);
      report(monitor, container, System.out);
      System.out.println(share);
      System.out.println(rule);
      System.out.println("done");
      System.out.flush();
      in.readLine();
    }
  }

  private static void report(Monitor monitor, ContainerMetrics container, PrintStream out) {
    MonitorSnapshot last = monitor.tick();
    StringBuilder sb = new StringBuilder();
    for (String name : container.metrics()) {
      if (!name.equals("container.cpu.throttled.fraction")) {
        sb.append(name).append('=').append(last.value(name).orElse(Double.NaN)).append('\n');
      }
    }
    out.print(sb);
    out.flush();
  }
}
