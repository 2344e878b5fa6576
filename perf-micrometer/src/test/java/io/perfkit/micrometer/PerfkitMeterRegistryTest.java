package io.perfkit.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.perfkit.api.Labels;
import io.perfkit.api.ProfileLabels;
import io.perfkit.monitor.DistributionSample;
import io.perfkit.monitor.Monitor;
import io.perfkit.monitor.MonitorSnapshot;
import io.perfkit.monitor.alert.AlertEvent;
import io.perfkit.monitor.alert.AlertManager;
import io.perfkit.monitor.alert.AlertRules;
import io.perfkit.monitor.http.PrometheusFormat;
import io.perfkit.testkit.ManualTimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The same recordings through Micrometer's own registry and through the bridge give the same numbers. */
final class PerfkitMeterRegistryTest {

  private final ManualTimeSource time = new ManualTimeSource();
  private Monitor monitor;
  private PerfkitMeterRegistry bridge;
  private SimpleMeterRegistry simple;

  @BeforeEach
  void start() {
    monitor = Monitor.builder().timeSource(time).build();
    bridge = PerfkitMeterRegistry.builder(monitor).build();
    simple = new SimpleMeterRegistry();
  }

  @AfterEach
  void stop() {
    bridge.close();
    monitor.close();
  }

  private MonitorSnapshot tick() {
    time.advance(Duration.ofSeconds(1));
    return monitor.tick();
  }

  /** Log-normal latencies around 2 ms, seeded. */
  private static long[] latenciesNanos(int n) {
    SplittableRandom r = new SplittableRandom(42);
    long[] v = new long[n];
    for (int i = 0; i < n; i++) {
      double g = Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
      v[i] = Math.max(1, (long) (2e6 * Math.exp(g)));
    }
    return v;
  }

  @Test
  void timer_countTotalAndMax_equalMicrometersOwn_andPercentilesCoverEveryValue() {
    long[] values = latenciesNanos(20_000);
    // as in Micrometer, a timer publishes quantiles only when asked to
    Timer ours = Timer.builder("checkout.latency").tag("path", "/checkout").publishPercentiles(0.99).register(bridge);
    Timer theirs = Timer.builder("checkout.latency").tag("path", "/checkout").publishPercentiles(0.99).register(simple);
    for (long v : values) {
      ours.record(v, TimeUnit.NANOSECONDS);
      theirs.record(v, TimeUnit.NANOSECONDS);
    }
    MonitorSnapshot s = tick();
    assertEquals(theirs.count(), ours.count());
    assertEquals(theirs.totalTime(TimeUnit.NANOSECONDS), ours.totalTime(TimeUnit.NANOSECONDS), 1e-6 * theirs.totalTime(TimeUnit.NANOSECONDS));
    assertEquals(theirs.max(TimeUnit.NANOSECONDS), ours.max(TimeUnit.NANOSECONDS), "max is exact");
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    long exactP99 = sorted[(int) Math.ceil(0.99 * sorted.length) - 1];
    DistributionSample m = s.sample("checkout.latency{path=/checkout}", DistributionSample.class).orElseThrow();
    assertEquals(exactP99, m.tick().p99(), 1e-3 * exactP99, "p99 over every value, at three significant digits");
    assertEquals(values.length, m.count());
    String text = PrometheusFormat.text(s);
    assertTrue(text.contains("checkout_latency_seconds{path=\"/checkout\",quantile=\"0.99\"}"), text);
    assertTrue(text.contains("checkout_latency_seconds_count{path=\"/checkout\"} 20000"), text);
  }

  @Test
  void summaryCounterAndGauge_matchMicrometer() {
    DistributionSummary ours = DistributionSummary.builder("response.size").baseUnit("bytes").register(bridge);
    DistributionSummary theirs = DistributionSummary.builder("response.size").baseUnit("bytes").register(simple);
    Counter oc = bridge.counter("orders", "kind", "web");
    Counter tc = simple.counter("orders", "kind", "web");
    for (int i = 1; i <= 1000; i++) {
      ours.record(i * 10);
      theirs.record(i * 10);
      double by = i % 10 == 0 ? 0.25 : 1;
      oc.increment(by);
      tc.increment(by);
    }
    List<String> queue = new ArrayList<>(List.of("a", "b", "c"));
    bridge.gauge("queue.size", queue, List::size);
    MonitorSnapshot s = tick();
    assertEquals(theirs.count(), ours.count());
    assertEquals(theirs.totalAmount(), ours.totalAmount(), 1e-9);
    assertEquals(theirs.max(), ours.max());
    assertEquals(tc.count(), oc.count(), 1e-9, "fractions carried over");
    assertEquals(Math.floor(tc.count()), s.value("orders{kind=web}").orElseThrow(), "Perfkit's counter has the whole part");
    assertEquals(3, s.value("queue.size").orElseThrow());
    queue.add("d");
    assertEquals(4, tick().value("queue.size").orElseThrow());
  }

  @Test
  void names_areKept_orMadeValid_andBindersWork() {
    bridge.counter("http-requests.total", "status", "200").increment();
    new JvmMemoryMetrics().bindTo(bridge);
    MonitorSnapshot s = tick();
    assertEquals(1, s.value("http_requests.total{status=200}").orElseThrow());
    assertTrue(s.metricNames().stream().anyMatch(k -> k.startsWith("jvm.memory.used{area=heap,")), s.metricNames().toString());
    monitor.counter("taken.name");
    Timer clash = bridge.timer("taken.name");  // a Perfkit counter holds the name: no exception, a no-op
    clash.record(Duration.ofMillis(5));
    assertEquals(1, bridge.rejected());
    assertEquals(0, tick().value("taken.name").orElseThrow());
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> PerfkitMeterRegistry.builder(monitor).summaryScale(0));
    assertEquals("summary scale 0.0 must be positive and finite", bad.getMessage());
  }

  @Test
  void anAlertRuleOnAMicrometerTimer_fires_withTheProfileToTake() throws Exception {
    List<AlertEvent> events = new CopyOnWriteArrayList<>();
    Timer checkout = Timer.builder("checkout.latency").register(bridge);
    try (AlertManager alerts = AlertManager.builder().build().addRule(AlertRules.quantile("SlowCheckout", "checkout.latency", 0.99)
        .above(Duration.ofMillis(100)).labels(Labels.of(ProfileLabels.PROFILE, "cpu")).build())
        .addListener(events::add).attach(monitor)) {
      for (int i = 0; i < 100; i++) {
        checkout.record(Duration.ofMillis(i < 90 ? 20 : 250));
      }
      tick();
      assertTrue(alerts.awaitListeners(Duration.ofSeconds(5)));
      assertEquals(1, events.size(), events.toString());
      assertEquals(AlertEvent.Kind.FIRING, events.get(0).kind());
      assertEquals("cpu", events.get(0).labels().get(ProfileLabels.PROFILE).orElseThrow());
      assertEquals(0.25, events.get(0).value(), 0.001);
    }
  }
}
