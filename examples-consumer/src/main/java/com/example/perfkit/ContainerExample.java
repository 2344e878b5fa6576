package com.example.perfkit;

import io.perfkit.monitor.ContainerMetrics;
import io.perfkit.monitor.Monitor;
import io.perfkit.monitor.alert.AlertManager;
import io.perfkit.monitor.health.JvmHealthRules;
import java.util.List;

/** The README's container example: the cgroup's limits as metrics, and the throttling rule. Needs perf-monitor. */
public final class ContainerExample {

  private ContainerExample() {}

  /** Runs the example; returns the container metrics registered (none outside a container with limits). */
  public static List<String> run() throws Exception {
    // readme:container
    Monitor monitor = Monitor.builder().build().start();
    ContainerMetrics container = ContainerMetrics.builder(monitor).build();  // CPU quota and throttling, memory limit
    System.out.println(container.cgroup().orElse("no cgroup") + ": " + container.metrics());
    AlertManager alerts = AlertManager.builder().build()
        .addRules(JvmHealthRules.defaults())     // ContainerCpuThrottled among them: a CPU profile when the quota runs out
        .addListener(event -> System.out.println(event.message()))
        .attach(monitor);
    alerts.close();
    container.close();
    monitor.close();
    // end
    return container.metrics();
  }

  public static void main(String[] args) throws Exception {
    run();
  }
}
