package com.example.perfkit;

import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.perfkit.api.Labels;
import io.perfkit.api.ProfileLabels;
import io.perfkit.micrometer.PerfkitMeterRegistry;
import io.perfkit.monitor.Monitor;
import io.perfkit.monitor.alert.AlertManager;
import io.perfkit.monitor.alert.AlertRules;
import java.time.Duration;

/** The README's perf-micrometer example: Micrometer meters recorded into Perfkit. Needs perf-micrometer. */
public final class MicrometerExample {

  private MicrometerExample() {}

  /** Runs the example; the caller closes the registry. */
  public static PerfkitMeterRegistry run(Monitor monitor, AlertManager alerts) {
    // readme:micrometer
    PerfkitMeterRegistry registry = PerfkitMeterRegistry.builder(monitor).build();  // a Micrometer MeterRegistry
    new JvmMemoryMetrics().bindTo(registry);                            // any binder or instrumented library
    io.micrometer.core.instrument.Timer checkout = io.micrometer.core.instrument.Timer.builder("checkout.latency")
        .tag("region", "eu").register(registry);
    checkout.record(Duration.ofMillis(42));                             // one Perfkit recording, every value kept
    alerts.addRule(AlertRules.quantile("SlowCheckout", "checkout.latency{region=eu}", 0.99)
        .above(Duration.ofMillis(250)).labels(Labels.of(ProfileLabels.PROFILE, "cpu")).build());  // and a profile
    // end
    return registry;
  }

  public static void main(String[] args) throws Exception {
    try (Monitor monitor = Monitor.builder().build();
        AlertManager alerts = AlertManager.builder().build().attach(monitor)) {
      run(monitor, alerts).close();
      var snapshot = monitor.tick();
      System.out.println("checkout.latency{region=eu}: " + snapshot.value("checkout.latency{region=eu}").orElseThrow()
          + " recorded; " + snapshot.metricNames().stream().filter(n -> n.startsWith("jvm.memory.used{")).count()
          + " jvm.memory.used series from Micrometer's binder");
    }
  }
}
