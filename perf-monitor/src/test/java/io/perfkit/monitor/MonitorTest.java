package io.perfkit.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.monitor.http.PrometheusFormat;
import io.perfkit.testkit.ManualTimeSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class MonitorTest {

  private final ManualTimeSource time = new ManualTimeSource();
  private final Monitor monitor = Monitor.builder().timeSource(time).historySize(5).subscriberQueueCapacity(4).build();

  @AfterEach
  void close() {
    monitor.close();
  }

  private MonitorSnapshot tick() {
    time.advance(Duration.ofSeconds(1));
    return monitor.tick();
  }

  @Test
  void names_areValidatedWithTheBadNameInTheMessage() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> monitor.counter("bad name"));
    assertEquals("metric name 'bad name' is invalid; use a letter or _ followed by up to 127 of [a-zA-Z0-9_.]", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> monitor.timer("9lives"));
    assertThrows(IllegalArgumentException.class, () -> monitor.timer("ok", "bad key", "v"));
    assertThrows(IllegalArgumentException.class, () -> monitor.timer("ok", "k", "line\nbreak"));
  }

  @Test
  void sameIdReturnsTheSameMetric_otherKindIsRefused_collidingExpositionNamesAreRefused() {
    assertSame(monitor.counter("requests", "path", "/a"), monitor.counter("requests", "path", "/a"));
    IllegalArgumentException kind = assertThrows(IllegalArgumentException.class, () -> monitor.timer("requests"));
    assertEquals("metric 'requests' is already a COUNTER; it cannot also be a TIMER", kind.getMessage());
    monitor.gauge("queue.depth", () -> 1);
    IllegalArgumentException collide = assertThrows(IllegalArgumentException.class, () -> monitor.gauge("queue_depth", () -> 2));
    assertEquals("metric name 'queue_depth' is exposed as 'queue_depth', which metric 'queue.depth' already uses; rename one of them",
        collide.getMessage());
  }

  @Test
  void counters_reportTotalAndRatePerSecond() {
    Counter c = monitor.counter("hits");
    c.increment(10);
    assertEquals(10, tick().value("hits").orElseThrow());
    c.increment(4);
    c.increment(-3);
    time.advance(Duration.ofSeconds(2));
    MonitorSnapshot s = monitor.tick();
    assertEquals(14, s.value("hits").orElseThrow());
    assertEquals(2.0, s.rate("hits").orElseThrow(), 1e-9, "4 in 2 s");
    assertEquals(1, c.rejected());
  }

  @Test
  void gauges_readTheirSupplier_andAFailingSupplierReadsNaN() {
    double[] v = {3};
    monitor.gauge("g", () -> v[0]);
    monitor.gauge("broken", () -> {
      throw new IllegalStateException("no");
    });
    SettableGauge set = monitor.settableGauge("set");
    set.set(7.5);
    MonitorSnapshot s = tick();
    assertEquals(3, s.value("g").orElseThrow());
    assertTrue(Double.isNaN(s.value("broken").orElseThrow()));
    assertEquals(7.5, s.value("set").orElseThrow());
    assertTrue(s.rate("g").isEmpty());
  }

  @Test
  void aGaugeIsSettableOrSupplied_neverBoth() {
    monitor.settableGauge("mode");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> monitor.gauge("mode", () -> 1));
    assertTrue(e.getMessage().contains("'mode' is already a SettableGauge"), e.getMessage());
    assertTrue(e.getMessage().contains("SuppliedGauge"), e.getMessage());
    monitor.gauge("read", () -> 2);
    assertThrows(IllegalArgumentException.class, () -> monitor.settableGauge("read"));
    assertEquals(MetricKind.GAUGE, monitor.kind("read").orElseThrow());
  }

  @Test
  void history_keepsTheLastNPointsInOrder() {
    Counter c = monitor.counter("h");
    for (int i = 1; i <= 8; i++) {
      c.increment();
      tick();
    }
    List<HistoryPoint> points = monitor.history("h").orElseThrow();
    assertEquals(5, points.size());
    assertEquals(List.of(4.0, 5.0, 6.0, 7.0, 8.0), points.stream().map(p -> p.fields().get("value")).collect(java.util.stream.Collectors.toList()));
    assertTrue(points.get(0).time().isBefore(points.get(4).time()));
    assertTrue(monitor.history("unknown").isEmpty());
  }

  @Test
  void timersInTheView_areInSeconds() {
    monitor.timer("lat").record(250, TimeUnit.MILLISECONDS);
    MonitorSnapshot s = tick();
    assertEquals(0.25, s.quantile("lat", 0.99).orElseThrow(), 0.25 * 0.001);
    assertEquals(1.0, s.value("lat").orElseThrow());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.quantile("lat", 1.5));
    assertEquals("quantile 1.5 must be in (0, 1], e.g. 0.99", e.getMessage());
    assertTrue(s.quantile("nope", 0.5).isEmpty());
  }

  @Test
  void quantiles_takeZeroToOne_andAreEmptyWithoutValues() {
    Timer t = monitor.timer("q");
    assertTrue(t.windowQuantile(0.99).isEmpty(), "an empty window");
    DistributionSample empty = tick().sample("q", DistributionSample.class).orElseThrow();
    assertTrue(empty.tickDistribution().quantile(0.5).isEmpty(), "an empty tick");
    t.record(3, TimeUnit.MILLISECONDS);
    DistributionSample one = tick().sample("q", DistributionSample.class).orElseThrow();
    assertEquals(0.003, one.tickDistribution().quantile(1).orElseThrow(), 0.003 * 0.001);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> one.tickDistribution().quantile(99));
    assertEquals("quantile 99.0 must be in (0, 1], e.g. 0.99", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> t.windowQuantile(0));
  }

  @Test
  void subscriptions_byNameAndPrefix_receiveOnlyTheirMetrics() throws Exception {
    monitor.counter("http.requests");
    monitor.counter("http.errors");
    monitor.counter("db.calls");
    List<String> byPrefix = new CopyOnWriteArrayList<>();
    List<String> byName = new CopyOnWriteArrayList<>();
    CountDownLatch got = new CountDownLatch(3);
    try (Subscription p = monitor.subscribePrefix("http.", u -> {
          byPrefix.add(u.metric());
          got.countDown();
        });
        Subscription n = monitor.subscribe("db.calls", u -> {
          byName.add(u.metric());
          got.countDown();
        })) {
      tick();
      assertTrue(got.await(10, TimeUnit.SECONDS));
      assertEquals(0, p.dropped() + n.dropped());
      assertEquals(List.of("http.errors", "http.requests"), byPrefix.stream().sorted().collect(java.util.stream.Collectors.toList()));
      assertEquals(List.of("db.calls"), byName);
    }
    assertEquals(0, monitor.subscriptions(), "closing unsubscribes");
  }

  @Test
  void aBlockedSubscriber_slowsNeitherTheMonitorNorTheOthers_andItsDropsAreCounted() throws Exception {
    monitor.counter("c");
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    java.util.concurrent.BlockingQueue<MetricUpdate> fastGot = new java.util.concurrent.LinkedBlockingQueue<>();
    try (Subscription blocked = monitor.subscribeAll(u -> {
          entered.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
        Subscription fast = monitor.subscribeAll(fastGot::add)) {
      for (int i = 0; i < 20; i++) {
        long start = System.nanoTime();
        tick();
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2), "a tick waited for a subscriber");
        assertTrue(fastGot.poll(10, TimeUnit.SECONDS) != null, "the fast subscriber starved at tick " + i);
        if (i == 0) {
          assertTrue(entered.await(10, TimeUnit.SECONDS));
        }
      }
      // capacity 4: one update held by the blocked consumer, four queued, the rest dropped
      assertEquals(4, blocked.queued());
      assertEquals(15, blocked.dropped());
      assertEquals(0, fast.dropped());
      release.countDown();
    }
  }

  @Test
  void aThrowingSubscriber_keepsReceiving() throws Exception {
    monitor.counter("c");
    CountDownLatch calls = new CountDownLatch(3);
    try (Subscription s = monitor.subscribeAll(u -> {
      calls.countDown();
      throw new IllegalStateException("subscriber bug");
    })) {
      tick();
      tick();
      tick();
      assertTrue(calls.await(10, TimeUnit.SECONDS));
      assertTrue(s.failures() >= 2);
    }
  }

  @Test
  void builder_refusesBadSettings() {
    assertEquals("tick PT0S must be at least 1 ms",
        assertThrows(IllegalArgumentException.class, () -> Monitor.builder().tick(Duration.ZERO)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> Monitor.builder().tick(Duration.ofSeconds(20)).build());
    assertThrows(IllegalArgumentException.class, () -> Monitor.builder().historySize(0));
    assertThrows(IllegalArgumentException.class, () -> new HistogramSettings(0, 10, 3, 0));
    assertThrows(IllegalArgumentException.class, () -> new HistogramSettings(1, 10, 6, 0));
  }

  @Test
  void removed_leavesSnapshotHistoryAndExposition_atOnce() {
    MetricId id = MetricId.of("pool.size", "pool", "a");
    monitor.gauge(id, "", () -> 3);
    monitor.gauge("other", () -> 1);
    tick();
    assertTrue(PrometheusFormat.text(monitor.snapshot()).contains("pool_size{pool=\"a\"} 3"));

    assertTrue(monitor.remove(id));
    assertFalse(monitor.snapshot().sample(id.key()).isPresent(), "gone from the last snapshot");
    assertFalse(PrometheusFormat.text(monitor.snapshot()).contains("pool_size"));
    assertTrue(monitor.history(id.key()).isEmpty());
    assertFalse(monitor.metricKeys().contains(id.key()));
    assertFalse(tick().sample(id.key()).isPresent(), "not sampled any more");
    assertTrue(monitor.snapshot().sample("other").isPresent());
    assertFalse(monitor.remove(id), "already removed");
  }

  @Test
  void aRemovedId_canBeRegisteredAgain_fresh_evenAsAnotherKind() {
    Counter first = monitor.counter("jobs");
    first.increment(5);
    tick();
    monitor.remove(MetricId.of("jobs"));
    Counter second = monitor.counter("jobs");
    assertNotSame(first, second);
    assertEquals(0, tick().value("jobs").orElseThrow());
    assertEquals(1, monitor.history("jobs").orElseThrow().size(), "history starts again");
    monitor.remove(MetricId.of("jobs"));
    monitor.gauge("jobs", () -> 2);
    assertEquals(2, tick().value("jobs").orElseThrow());
    assertEquals(List.of("jobs"), monitor.metricKeys());
  }

  @Test
  void aBaseUnit_endsThePrometheusName_andCollidesAsSuch() {
    monitor.gauge(MetricId.of("jvm.memory.used", "area", "heap"), "", "bytes", () -> 1024);
    monitor.counter(MetricId.of("bytes.sent"), "", "bytes").increment(7);
    monitor.distribution(MetricId.of("payload"), "", "bytes", HistogramSettings.DISTRIBUTION_DEFAULT).record(5);
    String text = PrometheusFormat.text(tick());
    assertTrue(text.contains("jvm_memory_used_bytes{area=\"heap\"} 1024\n"), text);
    assertTrue(text.contains("# TYPE bytes_sent_bytes_total counter\nbytes_sent_bytes_total 7\n"), text);
    assertTrue(text.contains("payload_bytes_count 1\n"), text);
    assertEquals(1024, monitor.snapshot().value("jvm.memory.used{area=heap}").orElseThrow(), "the key has no unit");
    IllegalArgumentException clash = assertThrows(IllegalArgumentException.class,
        () -> monitor.gauge("jvm.memory.used_bytes", () -> 1));
    assertTrue(clash.getMessage().contains("'jvm_memory_used_bytes'"), clash.getMessage());
    assertThrows(IllegalArgumentException.class, () -> monitor.counter(MetricId.of("x"), "", "per second"));
  }

  @Test
  void suppliedCounterAndTimer_readTheirFunctionsOnEachTick() {
    long[] made = {3};
    long[] calls = {10};
    double[] seconds = {2.5};
    monitor.suppliedCounter(MetricId.of("pool.created"), "", "", () -> made[0]);
    monitor.suppliedTimer(MetricId.of("cache.gets"), "", () -> calls[0], () -> seconds[0]);
    tick();
    made[0] = 5;
    calls[0] = 14;
    seconds[0] = 3.5;
    MonitorSnapshot s = tick();
    assertEquals(5, s.value("pool.created").orElseThrow());
    assertEquals(2, s.rate("pool.created").orElseThrow(), 1e-9);
    DistributionSample gets = s.sample("cache.gets", DistributionSample.class).orElseThrow();
    assertEquals(14, gets.count());
    assertTrue(s.sample("cache.gets", CounterSample.class).isEmpty(), "a timer is no counter");
    assertEquals(5, s.sample("pool.created", CounterSample.class).orElseThrow().total());
    assertEquals(3.5, gets.sum(), 1e-9);
    assertEquals(4, gets.tick().count());
    assertEquals(0.25e9, gets.tick().mean(), 1);
    assertTrue(gets.tickDistribution().quantile(0.99).isEmpty(), "no distribution, so no percentile");
    String text = PrometheusFormat.text(s);
    assertTrue(text.contains("pool_created_total 5\n"), text);
    assertTrue(text.contains("# TYPE cache_gets_seconds summary\ncache_gets_seconds_sum 3.5\ncache_gets_seconds_count 14\n"),
        text);
  }
}
