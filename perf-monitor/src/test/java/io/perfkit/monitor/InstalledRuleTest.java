package io.perfkit.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.perfkit.api.alert.AlertEvaluation;
import io.perfkit.api.alert.AlertRule;
import io.perfkit.api.alert.MetricsView;
import io.perfkit.api.alert.Severity;
import io.perfkit.monitor.alert.AlertManager;
import io.perfkit.monitor.alert.AlertState;
import io.perfkit.monitor.alert.AlertStatus;
import io.perfkit.testkit.ManualTimeSource;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A rule registered in this test's META-INF/services file is found and evaluated. */
final class InstalledRuleTest {

  /** Fires when more than {@code limit} threads are live. */
  public static final class ThreadsHigh implements AlertRule {
    @Override
    public String name() {
      return "ThreadsHigh";
    }

    @Override
    public Severity severity() {
      return Severity.WARNING;
    }

    @Override
    public AlertEvaluation evaluate(MetricsView metrics) {
      double threads = metrics.value("jvm.threads.live").orElse(Double.NaN);
      if (Double.isNaN(threads)) {
        return AlertEvaluation.noData("jvm.threads.live");
      }
      return threads > 1 ? AlertEvaluation.active("jvm.threads.live", threads)
          : AlertEvaluation.inactive("jvm.threads.live", threads);
    }
  }

  @Test
  void serviceLoaderRules_areEvaluatedOnTheTick() {
    ManualTimeSource time = new ManualTimeSource();
    try (Monitor monitor = Monitor.builder().timeSource(time).build();
        AlertManager alerts = AlertManager.builder().build().addInstalledRules().attach(monitor)) {
      JvmMetrics.builder(monitor).build().close();  // the gauges stay; only listeners are released
      time.advance(Duration.ofSeconds(1));
      monitor.tick();
      // the monitor's own shipped JVM rules are installed too; this one is the test's
      AlertStatus s = alerts.statuses().stream().filter(x -> x.rule().equals("ThreadsHigh")).findFirst().orElseThrow();
      assertEquals(AlertState.FIRING, s.state());
      assertEquals("jvm.threads.live", s.metric());
    }
  }
}
