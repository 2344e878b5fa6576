package io.perfkit.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.testkit.ManualTimeSource;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Exponential buckets as Prometheus defines them, filled from a timer's ticks, and pattern buckets. */
final class NativeHistogramTest {

  @Test
  void bucketIndexes_areThoseOfPrometheusSchema5() {
    assertEquals(0, NativeHistogram.indexOf(1.0), "1 is the upper bound of bucket 0");
    assertEquals(32, NativeHistogram.indexOf(2.0));
    assertEquals(-32, NativeHistogram.indexOf(0.5));
    assertEquals(1, NativeHistogram.indexOf(1.0000001));
    assertEquals(33, NativeHistogram.indexOf(2.0000001));
    Random r = new Random(11);
    for (int i = 0; i < 100_000; i++) {
      double v = Math.exp(r.nextGaussian() * 10);
      int k = NativeHistogram.indexOf(v);
      assertTrue(NativeHistogram.upperBound(k - 1) < v * (1 + 1e-12) && v <= NativeHistogram.upperBound(k) * (1 + 1e-12),
          v + " in bucket " + k + " (" + NativeHistogram.upperBound(k - 1) + ", " + NativeHistogram.upperBound(k) + "]");
    }
  }

  @Test
  void aTimersTicks_fillTheBucketsInSeconds_sinceStart_withZerosApart() {
    ManualTimeSource time = new ManualTimeSource();
    try (Monitor monitor = Monitor.builder().timeSource(time).build()) {
      Timer t = monitor.timer("latency");
      t.record(Duration.ofMillis(3));
      t.record(Duration.ofMillis(3));
      t.record(Duration.ZERO);
      time.advance(Duration.ofSeconds(1));
      NativeHistogram first = monitor.tick().sample("latency", DistributionSample.class).orElseThrow().exponential();
      t.record(Duration.ofMillis(2200));
      time.advance(Duration.ofSeconds(1));
      NativeHistogram h = monitor.tick().sample("latency", DistributionSample.class).orElseThrow().exponential();
      assertEquals(1, h.zeroCount());
      assertEquals(2, h.size(), h.toString());
      assertEquals(NativeHistogram.indexOf(0.003), h.index(0));
      assertEquals(2, h.count(0));
      assertEquals(NativeHistogram.indexOf(2.2), h.index(1));
      assertEquals(4, h.totalCount());
      time.advance(Duration.ofSeconds(1));
      assertSame(h, monitor.tick().sample("latency", DistributionSample.class).orElseThrow().exponential(),
          "a tick without values keeps the same buckets");
      assertEquals(3, first.totalCount());
    }
  }

  @Test
  void bucketPatterns_giveMatchingMetersClassicBuckets_inBaseUnits_andTheMetersOwnWin() {
    ManualTimeSource time = new ManualTimeSource();
    try (Monitor monitor = Monitor.builder().timeSource(time).buckets("http.*.latency", HistogramSettings.LATENCY_BUCKETS)
        .buckets("queue.depth", List.of(1.0, 10.0)).build()) {
      Timer matched = monitor.timer("http.server.latency");
      Timer other = monitor.timer("db.latency");
      Timer own = monitor.timer(MetricId.of("http.client.latency"), "", HistogramSettings.TIMER_DEFAULT.withBuckets(List.of(7_000_000L)));
      DistributionSummary depth = monitor.distribution("queue.depth");
      matched.record(Duration.ofMillis(3));
      depth.record(5);
      time.advance(Duration.ofSeconds(1));
      MonitorSnapshot s = monitor.tick();
      List<BucketCount> b = s.sample("http.server.latency", DistributionSample.class).orElseThrow().buckets();
      assertEquals(13, b.size());
      assertEquals(0.005, b.get(2).bound());
      assertEquals(1, b.get(2).count());
      assertEquals(0, b.get(1).count());
      assertTrue(s.sample("db.latency", DistributionSample.class).orElseThrow().buckets().isEmpty());
      assertEquals(List.of(new BucketCount(0.007, 0)), s.sample("http.client.latency", DistributionSample.class).orElseThrow().buckets());
      assertEquals(List.of(new BucketCount(1, 0), new BucketCount(10, 1)),
          s.sample("queue.depth", DistributionSample.class).orElseThrow().buckets());
      assertTrue(other != own);
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Monitor.builder().buckets("x.*", List.of(0.1, 0.05)));
    assertTrue(e.getMessage().contains("0.05") && e.getMessage().contains("'x.*'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Monitor.builder().buckets(" ", List.of(1.0)));
    assertThrows(IllegalArgumentException.class, () -> Monitor.builder().buckets("x", List.of()));
  }
}
