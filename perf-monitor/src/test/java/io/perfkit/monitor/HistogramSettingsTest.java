package io.perfkit.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.monitor.http.PrometheusFormat;
import io.perfkit.testkit.ManualTimeSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Buckets, requested quantiles, the recent maximum and reading up to now, through a monitor. */
final class HistogramSettingsTest {

  private final ManualTimeSource time = new ManualTimeSource();
  private final Monitor monitor = Monitor.builder().timeSource(time).window(Duration.ofSeconds(6), 6).build();

  @AfterEach
  void close() {
    monitor.close();
  }

  private MonitorSnapshot tick() {
    time.advance(Duration.ofSeconds(1));
    return monitor.tick();
  }

  @Test
  void buckets_countValuesAtOrBelowEachBound_sinceStart_andMakeAPrometheusHistogram() {
    HistogramSettings s = HistogramSettings.TIMER_DEFAULT.withBuckets(List.of(1_000_000L, 10_000_000L));
    Timer t = monitor.timer(MetricId.of("db.query", "table", "orders"), "", s);
    for (long ms : new long[] {0, 1, 1, 5, 20}) {
      t.record(ms, TimeUnit.MILLISECONDS);
    }
    tick();
    t.record(2, TimeUnit.MILLISECONDS);
    DistributionSample m = tick().sample("db.query{table=orders}", DistributionSample.class).orElseThrow();
    assertEquals(List.of(new BucketCount(0.001, 3), new BucketCount(0.01, 5)), m.buckets());
    String text = PrometheusFormat.text(monitor.snapshot());
    assertTrue(text.contains("# TYPE db_query_seconds histogram\n"), text);
    assertTrue(text.contains("db_query_seconds_bucket{table=\"orders\",le=\"0.001\"} 3\n"), text);
    assertTrue(text.contains("db_query_seconds_bucket{table=\"orders\",le=\"0.01\"} 5\n"), text);
    assertTrue(text.contains("db_query_seconds_bucket{table=\"orders\",le=\"+Inf\"} 6\n"), text);
    assertTrue(text.contains("db_query_seconds_count{table=\"orders\"} 6\n"), text);
    assertFalse(text.contains("quantile="), text);
  }

  @Test
  void requestedQuantiles_replaceTheDefaultFour_inTheSampleAndTheExposition() {
    DistributionSummary d = monitor.distribution(MetricId.of("batch.size"), "",
        HistogramSettings.DISTRIBUTION_DEFAULT.withQuantiles(List.of(0.25, 0.75)));
    for (int i = 1; i <= 100; i++) {
      d.record(i);
    }
    MonitorSnapshot s = tick();
    assertEquals(List.of(0.25, 0.75), List.copyOf(s.sample("batch.size", DistributionSample.class).orElseThrow().windowQuantiles().keySet()));
    assertEquals(25, s.sample("batch.size", DistributionSample.class).orElseThrow().windowQuantiles().get(0.25));
    String text = PrometheusFormat.text(s);
    assertTrue(text.contains("batch_size{quantile=\"0.75\"} 75\n"), text);
    assertFalse(text.contains("quantile=\"0.5\""), text);
    assertTrue(PrometheusFormat.text(s).contains("# TYPE batch_size summary"), text);
  }

  @Test
  void current_seesValuesBeforeTheTick_andTheTickCountsThemOnce() {
    Timer t = monitor.timer("op");
    t.record(3, TimeUnit.MILLISECONDS);
    t.record(5, TimeUnit.MILLISECONDS);
    CurrentStats c = t.current();
    assertEquals(2, c.count());
    assertEquals(8e6, c.sum());
    assertEquals(5_000_000, c.max());
    assertEquals(5e6, c.quantile(1), 5e3);
    DistributionSample m = tick().sample("op", DistributionSample.class).orElseThrow();
    assertEquals(2, m.count());
    assertEquals(2, m.tick().count(), "the tick took the values current() had drained");
    t.record(1, TimeUnit.MILLISECONDS);
    assertEquals(3, t.current().count());
    assertEquals(3, tick().sample("op", DistributionSample.class).orElseThrow().count());
    assertEquals(3, t.current().count());
  }

  @Test
  void recentMax_lastsItsExpiry_thenDecays() {
    Timer t = monitor.timer(MetricId.of("slow"), "", HistogramSettings.TIMER_DEFAULT.withMaxDecay(Duration.ofSeconds(30), 3));
    t.record(7, TimeUnit.SECONDS);
    assertEquals(7e9, tick().sample("slow", DistributionSample.class).orElseThrow().recentMax() * 1e9, 1);
    time.advance(Duration.ofSeconds(15));
    assertEquals(7_000_000_000L, t.current().max());
    t.record(1, TimeUnit.SECONDS);
    time.advance(Duration.ofSeconds(15));
    assertEquals(1_000_000_000L, t.current().max(), "7 s is older than the expiry; 1 s is not");
    time.advance(Duration.ofSeconds(31));
    assertEquals(0, t.current().max());
  }

  @Test
  void badSettings_nameTheValue() {
    IllegalArgumentException b = assertThrows(IllegalArgumentException.class,
        () -> HistogramSettings.TIMER_DEFAULT.withBuckets(List.of(5L, 5L)));
    assertTrue(b.getMessage().contains("bucket bound 5 at 1 of [5, 5]"), b.getMessage());
    IllegalArgumentException q = assertThrows(IllegalArgumentException.class,
        () -> HistogramSettings.TIMER_DEFAULT.withQuantiles(List.of(1.5)));
    assertTrue(q.getMessage().contains("quantile 1.5"), q.getMessage());
  }
}
