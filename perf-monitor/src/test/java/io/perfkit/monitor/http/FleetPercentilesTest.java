package io.perfkit.monitor.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.http.HttpEndpointServer;
import io.perfkit.monitor.HistogramSettings;
import io.perfkit.monitor.Monitor;
import io.perfkit.monitor.Timer;
import io.perfkit.testtools.PrometheusServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Perfkit instances fed different known latency distributions for half a minute,
 * scraped by a real Prometheus with native histograms on, and by another without them (classic
 * buckets): the fleet-wide quantiles Prometheus computes from the merged native buckets, over all
 * values and over the last minute's rate, are checked against the exact quantiles of every value
 * both recorded; the classic buckets' answers are printed beside them.
 */
final class FleetPercentilesTest {

  private static final Duration SCRAPE = Duration.ofMillis(500);
  private static final Duration LOAD = Duration.ofSeconds(30);
  private static final int BATCHES = 300;
  private static final int PER_BATCH = 100;

  /** The value of an instant query that must answer. */
  private static double answer(PrometheusServer prometheus, String promql) throws Exception {
    return Double.parseDouble(prometheus.value(promql).orElseThrow(
        () -> new AssertionError("no answer to " + promql + "; see " + prometheus.log())));
  }

  @TempDir Path dir;

  /** Log-normal, σ 1.5, median 20 ms. */
  private static long logNormal(Random r) {
    return (long) (20e6 * Math.exp(1.5 * r.nextGaussian()));
  }

  /** Bimodal: 70 % near 5 ms, 30 % near 200 ms. */
  private static long bimodal(Random r) {
    double ms = r.nextDouble() < 0.7 ? 5 + r.nextGaussian() : 200 + 30 * r.nextGaussian();
    return (long) (Math.max(0.1, ms) * 1e6);
  }

  @Test
  void theFleetsQuantiles_fromMergedNativeBuckets_areWithinTwoPercentOfTheExactOnes() throws Exception {
    List<Monitor> monitors = new ArrayList<>();
    List<HttpEndpointServer> servers = new ArrayList<>();
    List<Timer> timers = new ArrayList<>();
    List<Integer> ports = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        Monitor m = Monitor.builder().buckets("checkout.latency", HistogramSettings.LATENCY_BUCKETS).build().start();
        monitors.add(m);
        timers.add(m.timer("checkout.latency"));
        HttpEndpointServer s = HttpEndpointServer.builder().loopbackPort(0).build();
        MonitorHttp.builder(m).build().mount(s.server());
        servers.add(s.start());
        ports.add(s.port());
      }
      try (PrometheusServer nativeProm = PrometheusServer.scrape(dir.resolve("native"), ports, "/prometheus",
              SCRAPE, List.of("--enable-feature=native-histograms"));
          PrometheusServer classicProm = PrometheusServer.scrape(dir.resolve("classic"), ports, "/prometheus",
              SCRAPE, List.of())) {
        nativeProm.awaitUp(2, Duration.ofSeconds(60));
        classicProm.awaitUp(2, Duration.ofSeconds(60));

        // a steady load on both for half a minute, all of it inside the rate window that follows:
        // each series starts at 0 and is scraped every 500 ms, so rate() adds the instances'
        // values alike (its extrapolation to the window's end differs between them by at most
        // half a scrape interval in thirty seconds)
        long[] all = new long[2 * PER_BATCH * BATCHES];
        Random r = new Random(29);
        int n = 0;
        long begin = System.nanoTime();
        for (int batch = 0; batch < BATCHES; batch++) {
          for (int i = 0; i < PER_BATCH; i++) {
            long a = logNormal(r);
            long b = bimodal(r);
            timers.get(0).record(a, TimeUnit.NANOSECONDS);
            timers.get(1).record(b, TimeUnit.NANOSECONDS);
            all[n++] = a;
            all[n++] = b;
          }
          long due = begin + (batch + 1) * LOAD.toNanos() / BATCHES;
          long wait = due - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
        }
        Arrays.sort(all);
        Thread.sleep(2500);  // a tick, then a scrape of each instance, with room

        StringBuilder report = new StringBuilder("fleet quantiles of " + all.length + " values, two instances:\n");
        List<String> misses = new ArrayList<>();
        for (double q : new double[] {0.5, 0.99, 0.999}) {
          double exact = all[(int) Math.ceil(q * all.length) - 1] / 1e9;
          double merged = answer(nativeProm, String.format(Locale.ROOT, "histogram_quantile(%s, sum(checkout_latency_seconds))", q));
          double rated = answer(nativeProm,
              String.format(Locale.ROOT, "histogram_quantile(%s, sum(rate(checkout_latency_seconds[1m])))", q));
          double classic = answer(classicProm,
              String.format(Locale.ROOT, "histogram_quantile(%s, sum by (le) (rate(checkout_latency_seconds_bucket[1m])))", q));
          report.append(String.format(Locale.ROOT,
              "  p%s exact %.6f s; native, all values %.6f s (%+.2f %%), over 1m %.6f s (%+.2f %%); classic over 1m %.6f s (%+.1f %%)%n",
              q * 100, exact, merged, 100 * (merged / exact - 1), rated, 100 * (rated / exact - 1), classic,
              100 * (classic / exact - 1)));
          if (Math.abs(merged / exact - 1) > 0.02 || Math.abs(rated / exact - 1) > 0.02) {
            misses.add("p" + q * 100);
          }
        }
        System.out.print(report);
        assertTrue(misses.isEmpty(), "native answers beyond 2 % at " + misses + ":\n" + report + "\nlog: " + nativeProm.log());
        String count = nativeProm.value("histogram_count(sum(checkout_latency_seconds))").orElseThrow();
        assertEquals(all.length, Double.parseDouble(count), 0.5, "every value of both instances is in the merged histogram");
      }
    } finally {
      servers.forEach(HttpEndpointServer::close);
      monitors.forEach(Monitor::close);
    }
  }
}
