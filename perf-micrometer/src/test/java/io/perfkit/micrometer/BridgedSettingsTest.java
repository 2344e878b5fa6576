package io.perfkit.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.perfkit.monitor.BucketCount;
import io.perfkit.monitor.DistributionSample;
import io.perfkit.monitor.Monitor;
import io.perfkit.monitor.MonitorSnapshot;
import io.perfkit.monitor.http.PrometheusFormat;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What Micrometer's configuration asks for reaches the monitor's snapshot and exposition. */
final class BridgedSettingsTest {

  private final MockClock clock = new MockClock();
  private final Monitor monitor = Monitor.builder().timeSource(PerfkitMeterRegistry.timeSource(clock)).build();
  private final PerfkitMeterRegistry registry = PerfkitMeterRegistry.builder(monitor).clock(clock).build();

  @AfterEach
  void close() {
    registry.close();
    monitor.close();
  }

  private MonitorSnapshot tick() {
    clock.add(Duration.ofSeconds(1));
    return monitor.tick();
  }

  @Test
  void objectivesAndPercentiles_appearInTheSnapshotAndExposition() {
    Timer t = Timer.builder("api.latency").serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(100))
        .register(registry);
    DistributionSummary d = DistributionSummary.builder("payload").publishPercentiles(0.95).register(registry);
    for (int ms : new int[] {5, 10, 50, 500}) {
      t.record(ms, TimeUnit.MILLISECONDS);
    }
    for (int i = 1; i <= 100; i++) {
      d.record(i);
    }
    MonitorSnapshot s = tick();
    DistributionSample timer = s.sample("api.latency", DistributionSample.class).orElseThrow();
    assertEquals(List.of(new BucketCount(0.01, 2), new BucketCount(0.1, 3)), timer.buckets());
    assertEquals(List.of(0.95), List.copyOf(s.sample("payload", DistributionSample.class).orElseThrow().windowQuantiles().keySet()));
    String text = PrometheusFormat.text(s);
    assertTrue(text.contains("api_latency_seconds_bucket{le=\"0.01\"} 2\n"), text);
    assertTrue(text.contains("api_latency_seconds_bucket{le=\"+Inf\"} 4\n"), text);
    assertTrue(text.contains("payload{quantile=\"0.95\"} "), text);
    assertFalse(text.contains("payload{quantile=\"0.5\"}"), "only what was asked for: " + text);
  }

  @Test
  void summaryScale_isMicrometers_andNegativeValuesAreIgnored() {
    DistributionSummary d = DistributionSummary.builder("rows").scale(2).register(registry);
    d.record(1.5);
    d.record(-4);
    Timer t = registry.timer("t");
    t.record(-1, TimeUnit.SECONDS);
    assertEquals(1, d.count());
    assertEquals(3.0, d.totalAmount());
    assertEquals(0, t.count());
    assertEquals(0, tick().sample("t", DistributionSample.class).orElseThrow().count(), "the monitor did not count it either");
  }

  @Test
  void removingAMeter_removesItFromTheMonitor() {
    Timer t = registry.timer("gone.soon", "k", "v");
    t.record(1, TimeUnit.MILLISECONDS);
    Gauge.builder("gauge.gone", () -> 4).register(registry);
    tick();
    registry.remove(t);
    registry.remove(registry.get("gauge.gone").gauge());
    assertFalse(monitor.snapshot().sample("gone.soon{k=v}").isPresent());
    assertTrue(monitor.history("gone.soon{k=v}").isEmpty());
    assertFalse(tick().sample("gauge.gone").isPresent());
    assertFalse(PrometheusFormat.text(monitor.snapshot()).contains("gone"));
  }

  @Test
  void aMultiGaugeRowOverwritten_dropsItsOldValue() {
    MultiGauge g = MultiGauge.builder("queue.depth").register(registry);
    g.register(List.of(MultiGauge.Row.of(Tags.of("queue", "a"), 1), MultiGauge.Row.of(Tags.of("queue", "b"), 2)));
    assertEquals(1, tick().value("queue.depth{queue=a}").orElseThrow());
    g.register(List.of(MultiGauge.Row.of(Tags.of("queue", "a"), 3)), true);
    MonitorSnapshot s = tick();
    assertEquals(3, s.value("queue.depth{queue=a}").orElseThrow());
    assertFalse(s.sample("queue.depth{queue=b}").isPresent(), "a row no longer given is removed");
  }

  @Test
  void aLongTaskTimer_isARealMeter_readByPerfkit() {
    LongTaskTimer ltt = LongTaskTimer.builder("export").register(registry);
    LongTaskTimer.Sample first = ltt.start();
    clock.add(Duration.ofSeconds(3));
    ltt.start();
    clock.add(Duration.ofSeconds(1));
    assertEquals(2, ltt.activeTasks());
    assertEquals(5, ltt.duration(TimeUnit.SECONDS), 1e-9);
    assertEquals(4, ltt.max(TimeUnit.SECONDS), 1e-9);
    MonitorSnapshot s = monitor.tick();
    DistributionSample active = s.sample("export", DistributionSample.class).orElseThrow();
    assertEquals(2, active.count(), "the summary's count is the tasks running");
    assertEquals(5, active.sum(), 1e-9, "and its sum their duration");
    assertEquals(4, s.value("export.seconds.max").orElseThrow(), 1e-9);
    first.stop();
    assertEquals(1, tick().value("export").orElseThrow());
  }
}
