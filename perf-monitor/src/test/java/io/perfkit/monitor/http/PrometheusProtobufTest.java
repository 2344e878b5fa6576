package io.perfkit.monitor.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.api.Labels;
import io.perfkit.monitor.DistributionSample;
import io.perfkit.monitor.HistogramSettings;
import io.perfkit.monitor.MetricId;
import io.perfkit.monitor.Monitor;
import io.perfkit.monitor.MonitorSnapshot;
import io.perfkit.monitor.NativeHistogram;
import io.perfkit.monitor.Timer;
import io.perfkit.testkit.ManualTimeSource;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_31_1.Metrics;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Our hand-written protobuf exposition, parsed by Prometheus's own generated classes, and the Accept negotiation. */
final class PrometheusProtobufTest {

  private static Map<String, Metrics.MetricFamily> parse(byte[] body) throws Exception {
    Map<String, Metrics.MetricFamily> out = new LinkedHashMap<>();
    InputStream in = new ByteArrayInputStream(body);
    for (Metrics.MetricFamily f = Metrics.MetricFamily.parseDelimitedFrom(in); f != null; f = Metrics.MetricFamily.parseDelimitedFrom(in)) {
      out.put(f.getName(), f);
    }
    return out;
  }

  @Test
  void everyKind_parsesWithPrometheusOwnClasses_andTimersAreNativeHistogramsThatRebuildExactly() throws Exception {
    ManualTimeSource time = new ManualTimeSource();
    try (Monitor monitor = Monitor.builder().timeSource(time).build()) {
      monitor.counter("jobs.done", "queue", "mail").increment(3);
      monitor.gauge("queue.depth", () -> 2.5);
      Timer latency = monitor.timer("http.server.latency", "path", "/checkout");
      Timer classic = monitor.timer(MetricId.of("db.latency"), "Database calls",
          HistogramSettings.TIMER_DEFAULT.withBuckets(List.of(1_000_000L, 10_000_000L)));
      monitor.timer("idle.latency");
      monitor.suppliedTimer(MetricId.of("cache.gets"), "", () -> 4, () -> 0.5);
      Random r = new Random(7);
      for (int i = 0; i < 5000; i++) {
        latency.record((long) (Math.exp(r.nextGaussian() * 1.5) * 1e6), java.util.concurrent.TimeUnit.NANOSECONDS);
      }
      latency.record(Duration.ZERO);
      classic.record(Duration.ofMillis(5));
      time.advance(Duration.ofSeconds(1));
      MonitorSnapshot s = monitor.tick();
      Map<String, Metrics.MetricFamily> f = parse(PrometheusProtobuf.encode(s, Labels.of("service", "shop")));

      Metrics.MetricFamily jobs = f.get("jobs_done_total");
      assertEquals(Metrics.MetricType.COUNTER, jobs.getType());
      assertEquals(3.0, jobs.getMetric(0).getCounter().getValue());
      assertEquals(List.of("queue=mail", "service=shop"), jobs.getMetric(0).getLabelList().stream()
          .map(l -> l.getName() + "=" + l.getValue()).toList());
      assertEquals(2.5, f.get("queue_depth").getMetric(0).getGauge().getValue());

      Metrics.MetricFamily h = f.get("http_server_latency_seconds");
      assertEquals(Metrics.MetricType.HISTOGRAM, h.getType());
      Metrics.Histogram p = h.getMetric(0).getHistogram();
      DistributionSample d = s.sample("http.server.latency{path=/checkout}", DistributionSample.class).orElseThrow();
      assertEquals(5001, p.getSampleCount());
      assertEquals(d.sum(), p.getSampleSum(), 1e-12);
      assertEquals(NativeHistogram.SCHEMA, p.getSchema());
      assertEquals(1, p.getZeroCount());
      assertEquals(0x1p-128, p.getZeroThreshold(), "Prometheus's default zero bucket");
      // rebuild the buckets from spans and deltas as Prometheus does
      Map<Integer, Long> rebuilt = new LinkedHashMap<>();
      int index = 0;
      int delta = 0;
      long count = 0;
      for (int span = 0; span < p.getPositiveSpanCount(); span++) {
        index += p.getPositiveSpan(span).getOffset();
        for (int k = 0; k < p.getPositiveSpan(span).getLength(); k++) {
          count += p.getPositiveDelta(delta++);
          rebuilt.put(index++, count);
        }
      }
      assertEquals(p.getPositiveDeltaCount(), delta);
      Map<Integer, Long> ours = new LinkedHashMap<>();
      NativeHistogram n = d.exponential();
      for (int i = 0; i < n.size(); i++) {
        ours.put(n.index(i), n.count(i));
      }
      assertEquals(ours, rebuilt);
      assertTrue(p.getPositiveSpanCount() > 1, "a log-normal sample has gaps in its tails: " + p.getPositiveSpanCount());

      Metrics.Histogram db = f.get("db_latency_seconds").getMetric(0).getHistogram();
      assertEquals("Database calls", f.get("db_latency_seconds").getHelp());
      assertEquals(2, db.getBucketCount());
      assertEquals(0.001, db.getBucket(0).getUpperBound());
      assertEquals(0, db.getBucket(0).getCumulativeCount());
      assertEquals(1, db.getBucket(1).getCumulativeCount());
      assertEquals(1, db.getPositiveSpanCount(), "native buckets beside the classic ones");

      Metrics.Histogram idle = f.get("idle_latency_seconds").getMetric(0).getHistogram();
      assertEquals(0, idle.getSampleCount());
      assertEquals(1, idle.getPositiveSpanCount(), "an empty histogram is marked native by an empty span");
      assertEquals(0, idle.getPositiveSpan(0).getLength());

      Metrics.MetricFamily cache = f.get("cache_gets_seconds");
      assertEquals(Metrics.MetricType.SUMMARY, cache.getType(), "a supplied timer keeps no values to bucket");
      assertEquals(4, cache.getMetric(0).getSummary().getSampleCount());
      assertEquals(0.5, cache.getMetric(0).getSummary().getSampleSum());
    }
  }

  @Test
  void accept_choosesTheHighestQuality_protobufWhenPrometheusAsks_andTextForAnythingElse() {
    assertEquals(ExpositionFormat.PROTOBUF, ExpositionFormat.negotiate(
        "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.7,"
            + "text/plain;version=0.0.4;q=0.3,*/*;q=0.2"));
    assertEquals(ExpositionFormat.OPENMETRICS, ExpositionFormat.negotiate(
        "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
            + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1"));
    assertEquals(ExpositionFormat.TEXT, ExpositionFormat.negotiate(
        "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=text;q=0.9,text/plain;q=0.3"),
        "a protobuf encoding we do not write is not chosen");
    assertEquals(ExpositionFormat.TEXT, ExpositionFormat.negotiate("image/png"));
    assertEquals(ExpositionFormat.TEXT, ExpositionFormat.negotiate("application/openmetrics-text;q=0, text/plain"));
    assertEquals(ExpositionFormat.TEXT, ExpositionFormat.negotiate(null));
    assertEquals(ExpositionFormat.TEXT, ExpositionFormat.negotiate(";;,=,q=x"));
    assertEquals(ExpositionFormat.PROTOBUF, ExpositionFormat.negotiate("application/openmetrics-text;q=0.5,"
        + "application/vnd.google.protobuf;q=0.5"), "the richer format on a tie");
  }
}
