package io.perfkit.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;

import io.perfkit.api.alert.AlertEvaluation;
import io.perfkit.api.alert.AlertRule;
import io.perfkit.api.alert.MetricsView;
import io.perfkit.api.alert.Severity;
import io.perfkit.monitor.alert.AlertEvent;
import io.perfkit.monitor.alert.AlertManager;
import io.perfkit.monitor.alert.AlertRules;
import io.perfkit.monitor.alert.RulesFile;
import io.perfkit.monitor.alert.ThresholdRule;
import io.perfkit.monitor.alert.Unit;
import io.perfkit.testkit.ManualTimeSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.Answers;

/** Every message a threshold rule words says what is true of the value at hand, in its unit. */
final class AlertMessagesTest {

  private static final ThresholdRule BURST = AlertRules.rate("RequestBurst", "app.requests").above(40)
      .unit(Unit.of("requests/s")).quantity("request rate").message("{{value.human}}, above {{threshold.human}}").build();
  private static final ThresholdRule SLOW = AlertRules.quantile("SlowRequests", "app.latency", 0.99)
      .above(Duration.ofSeconds(2)).build();
  private static final ThresholdRule HEAP = AlertRules.threshold("HeapHigh", "jvm.memory.heap.committed.bytes")
      .above(32 << 20).build();
  private static final ThresholdRule DISK = AlertRules.threshold("LowDisk", "disk.free.bytes").below(1L << 30).build();
  private static final ThresholdRule USER = AlertRules.quantile("Checkout", "checkout", 0.99).above(0.2)
      .message("p99 of {{metric}} is {{value}} s").build();
  private static final ThresholdRule ERRORS = AlertRules.rate("Errors", "app.errors").above(5).build();

  /** rule, value, the tick's message, the resolved message. */
  static Stream<Arguments> messages() {
    return Stream.of(
        Arguments.of(BURST, 45.0, "45 requests/s, above 40 requests/s", "resolved: request rate 45 requests/s, back above 40 requests/s"),
        Arguments.of(BURST, 26.99966, "request rate 27 requests/s, below 40 requests/s",
            "resolved: request rate 27 requests/s, back below 40 requests/s"),
        Arguments.of(BURST, 40.0, "request rate 40 requests/s, at 40 requests/s", "resolved: request rate 40 requests/s, back to 40 requests/s"),
        Arguments.of(BURST, Double.NaN, "RequestBurst: no value of request rate yet", "resolved: request rate has no value"),
        Arguments.of(SLOW, 2.3148, "SlowRequests: p99 of app.latency is 2.31 s, above 2 s",
            "resolved: p99 of app.latency 2.31 s, back above 2 s"),
        Arguments.of(SLOW, 0.15020851100000002, "p99 of app.latency 150 ms, below 2 s",
            "resolved: p99 of app.latency 150 ms, back below 2 s"),
        Arguments.of(SLOW, Double.NaN, "SlowRequests: no value of p99 of app.latency yet",
            "resolved: p99 of app.latency has no value"),
        Arguments.of(HEAP, 406847488.0, "HeapHigh: jvm.memory.heap.committed.bytes is 388 MiB, above 32 MiB",
            "resolved: jvm.memory.heap.committed.bytes 388 MiB, back above 32 MiB"),
        Arguments.of(HEAP, 17196646.0, "jvm.memory.heap.committed.bytes 16.4 MiB, below 32 MiB",
            "resolved: jvm.memory.heap.committed.bytes 16.4 MiB, back below 32 MiB"),
        Arguments.of(DISK, 5e8, "LowDisk: disk.free.bytes is 477 MiB, below 1 GiB",
            "resolved: disk.free.bytes 477 MiB, back below 1 GiB"),
        Arguments.of(DISK, 2e9, "disk.free.bytes 1.86 GiB, above 1 GiB", "resolved: disk.free.bytes 1.86 GiB, back above 1 GiB"),
        Arguments.of(USER, 0.3, "p99 of checkout is 0.3 s", "resolved: p99 of checkout 0.3, back above 0.2"),
        Arguments.of(USER, 0.15, "p99 of checkout 0.15, below 0.2", "resolved: p99 of checkout 0.15, back below 0.2"),
        Arguments.of(ERRORS, 7.5, "Errors: rate of app.errors is 7.5/s, above 5/s", "resolved: rate of app.errors 7.5/s, back above 5/s"));
  }

  @ParameterizedTest
  @MethodSource("messages")
  void aMessageSaysTheValueInItsUnit_andTheSideOfTheThresholdItIsOn(ThresholdRule rule, double value, String message,
      String resolved) {
    assertEquals(message, rule.message(rule.metric(), value));
    assertEquals(resolved, rule.resolvedMessage(rule.metric(), value));
    for (String m : List.of(rule.message(rule.metric(), value), rule.resolvedMessage(rule.metric(), value))) {
      assertFalse(m.contains("no data") || m.contains("NaN") || m.contains("e+") || m.contains("{{"), m);
    }
  }

  @Test
  void aRulesFileThresholdWithATimeUnit_printsDurations_andABytesMetricPrintsBytes() {
    List<ThresholdRule> rules = RulesFile.parse(String.join("\n",
        "alert Slow", "  expr p99(http.latency) > 200ms",
        "alert Alloc", "  expr rate(app.allocated.bytes) > 1e9",
        "  message allocating {{value.human}}, above {{threshold.human}}"), "test.rules");
    assertEquals("Slow: p99 of http.latency is 310 ms, above 200 ms", rules.get(0).message("http.latency", 0.31));
    assertEquals("allocating 1.12 GiB/s, above 954 MiB/s", rules.get(1).message("app.allocated.bytes", 1.2e9));
    assertEquals("rate of app.allocated.bytes 760 MiB/s, below 954 MiB/s", rules.get(1).message("app.allocated.bytes", 7.972e8));
    assertEquals(Unit.BYTES_PER_SECOND, rules.get(1).unit());
    ThresholdRule gauge = RulesFile.parse("alert A\n  expr value(jvm.memory.allocation.rate.bytes) > 50e6", "t").get(0);
    assertEquals("A: jvm.memory.allocation.rate.bytes is 760 MiB/s, above 47.7 MiB/s",
        gauge.message(gauge.metric(), 7.972e8), "a gauge of a rate of bytes prints bytes per second");
  }

  @Test
  void aDurationThreshold_comparesInSeconds_onlyWhileItIsTheLastComparison() {
    assertEquals(Unit.SECONDS, AlertRules.threshold("Q", "queue.depth").below(2).above(Duration.ofMillis(300)).build().unit());
    assertEquals(AlertRules.threshold("Q", "queue.depth").below(2).build().unit(),
        AlertRules.threshold("Q", "queue.depth").above(Duration.ofMillis(300)).below(2).build().unit());
    assertFalse(Unit.SECONDS.equals(AlertRules.threshold("Q", "queue.depth").below(2).build().unit()));
    assertEquals(Unit.BYTES, AlertRules.threshold("Q", "queue.depth").unit(Unit.BYTES).above(Duration.ofMillis(300)).build().unit());
  }

  @Test
  void theManager_firesWithTheTemplate_andResolvesWithTheValueItResolvedAt() throws Exception {
    ManualTimeSource time = new ManualTimeSource();
    List<AlertEvent> events = new CopyOnWriteArrayList<>();
    try (Monitor monitor = Monitor.builder().timeSource(time).build();
        AlertManager alerts = AlertManager.builder().build().attach(monitor)) {
      alerts.addListener(events::add);
      alerts.addRule(AlertRules.threshold("Busy", "load").above(40).unit(Unit.of("requests/s")).quantity("load")
          .message("{{value.human}}, above {{threshold.human}}").build());
      // a rule of its own, with a template only: resolved says the value, not the firing words
      AlertRule custom = mock(AlertRule.class, Answers.CALLS_REAL_METHODS);
      doReturn("Custom").when(custom).name();
      doReturn(Severity.INFO).when(custom).severity();
      doReturn("{{metric}} is {{value}}, above 40").when(custom).messageTemplate();
      doAnswer(call -> {
        double v = call.<MetricsView>getArgument(0).value("load").orElse(Double.NaN);
        return Double.isNaN(v) ? AlertEvaluation.noData("load")
            : v > 40 ? AlertEvaluation.active("load", v) : AlertEvaluation.inactive("load", v);
      }).when(custom).evaluate(any());
      alerts.addRule(custom);
      monitor.tick();
      assertEquals(List.of("Busy: no value of load yet", "Custom: no value of load yet"),
          alerts.statuses().stream().map(s -> s.message()).toList(), "no value yet, said in words");
      SettableGauge load = monitor.settableGauge("load");
      load.set(12);
      time.advance(Duration.ofSeconds(1));
      monitor.tick();
      assertEquals(List.of("load 12 requests/s, below 40 requests/s", "Custom: load is 12"),
          alerts.statuses().stream().map(s -> s.message()).toList(), "no firing words while the condition does not hold");
      for (double v : new double[] {45, 26.99966}) {
        load.set(v);
        time.advance(Duration.ofSeconds(1));
        monitor.tick();
      }
      assertTrue(alerts.awaitListeners(Duration.ofSeconds(10)));
    }
    assertEquals(List.of("FIRING 45 requests/s, above 40 requests/s", "FIRING load is 45, above 40",
        "RESOLVED resolved: load 27 requests/s, back below 40 requests/s", "RESOLVED resolved: load is 27"),
        events.stream().map(e -> e.kind() + " " + e.message()).toList());
  }
}
